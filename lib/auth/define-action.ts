import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { requireBusinessContext, type BusinessContext, type Role } from "./business-context";
import { ForbiddenError, NotAuthenticatedError, NotFoundError, UserFacingError } from "./errors";

/** What every server action returns: the browser never sees a stack trace or a 500. */
export type ActionResult<T = null> =
  | { ok: true; data: T }
  | { ok: false; error: string; fieldErrors?: Record<string, string> };

/** First message per field, keyed by the field's path ("email", "groups.0"). */
export function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_";
    out[key] ??= issue.message;
  }
  return out;
}

export function failureOf(error: unknown): ActionResult<never> {
  unstable_rethrow(error); // let Next's redirect()/notFound() through
  if (error instanceof z.ZodError) return { ok: false, error: "Check the highlighted fields.", fieldErrors: fieldErrorsOf(error) };
  if (error instanceof NotAuthenticatedError) return { ok: false, error: error.message };
  if (error instanceof NotFoundError) return { ok: false, error: "Not found." };
  if (error instanceof ForbiddenError || error instanceof UserFacingError) return { ok: false, error: error.message };
  console.error("Server action failed", error);
  return { ok: false, error: "Something went wrong on our side. Please try again." };
}

/**
 * The one wrapper for business server actions: parse input with zod → require a session → resolve the business
 * context → check the role. The handler states only what is special about the action.
 */
export function businessAction<S extends z.ZodType, T>(
  options: { input: S; roles?: readonly Role[] },
  handler: (input: z.infer<S>, ctx: BusinessContext) => Promise<T>,
): (raw: z.input<S>) => Promise<ActionResult<T>> {
  return async (raw) => {
    try {
      const parsed = options.input.safeParse(raw);
      if (!parsed.success) return failureOf(parsed.error);
      const ctx = await requireBusinessContext(options.roles);
      return { ok: true, data: await handler(parsed.data, ctx) };
    } catch (error) {
      return failureOf(error);
    }
  };
}
