// The one server-action client (after dub's safe-action.ts, without the dependency). An action is built as
//   businessAction(["OWNER"]).input(Schema).action(async (input, ctx) => ...)
// Layers (action-layers.ts) run first, in the order they were added, each checking who is asking and adding what it
// established to the context; then the input is parsed with zod; then the handler. Whatever goes wrong comes back as
// an ActionResult the person may see: the browser never gets a stack trace or a 500.
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { ForbiddenError, NotAuthenticatedError, NotFoundError, UserFacingError } from "../errors";
import { nextRequest, type RequestReader } from "../auth/request-reader";

/** What every server action returns. */
export type ActionResult<T = null> =
  { ok: true; data: T } | { ok: false; error: string; fieldErrors?: Record<string, string> };

/**
 * One check about who is asking: it throws (or calls notFound()) to refuse, or returns what it established, which is
 * merged into the context of the layers after it and of the handler. It sees the input only as sent (unparsed): the
 * layers run before the input is read, so a caller who may not use the action learns nothing about its input.
 */
export type Layer<Ctx, Added extends object> = (args: {
  ctx: Ctx;
  request: RequestReader;
  rawInput: unknown;
}) => Promise<Added>;

export type ActionClient<Ctx extends object> = {
  use<Added extends object>(layer: Layer<Ctx, Added>): ActionClient<Ctx & Added>;
  input<S extends z.ZodType>(
    schema: S,
  ): {
    action<T>(handler: (input: z.output<S>, ctx: Ctx) => Promise<T>): (input: z.input<S>) => Promise<ActionResult<T>>;
  };
};

// Each layer is called with the context the layers before it built, which `use` typed: the one unchecked step.
type AnyLayer = Layer<never, object>;

/** The base client: no layers yet. `request` is Next's own except in tests of the layers. */
export function createActionClient(request: RequestReader = nextRequest): ActionClient<object> {
  return clientWith(request, []);
}

export const actionClient = createActionClient();

function clientWith<Ctx extends object>(request: RequestReader, layers: readonly AnyLayer[]): ActionClient<Ctx> {
  return {
    use: (layer) => clientWith(request, [...layers, layer]),
    input: (schema) => ({
      action: (handler) => async (rawInput) => {
        try {
          let ctx: object = {};
          for (const layer of layers) ctx = { ...ctx, ...(await layer({ ctx: ctx as never, request, rawInput })) };
          const parsed = schema.safeParse(rawInput);
          if (!parsed.success) return failureOf(parsed.error);
          return { ok: true, data: await handler(parsed.data, ctx as Ctx) };
        } catch (error) {
          return failureOf(error, rawInput);
        }
      },
    }),
  };
}

/** First message per field, keyed by the field's path ("email", "groups.0"). */
function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_";
    out[key] ??= issue.message;
  }
  return out;
}

/**
 * Maps an error to what a person may see; anything unexpected is logged here and shown only as a generic message.
 * The log line never repeats what the person sent (a portal password, a set-password token): an error message can
 * quote its input (a library echoing its arguments), so every string of the input is masked in it.
 */
function failureOf(error: unknown, rawInput?: unknown): ActionResult<never> {
  unstable_rethrow(error); // let Next's redirect()/notFound() through
  if (error instanceof z.ZodError)
    return { ok: false, error: "Check the highlighted fields.", fieldErrors: fieldErrorsOf(error) };
  if (error instanceof NotAuthenticatedError) return { ok: false, error: error.message };
  if (error instanceof NotFoundError) return { ok: false, error: "Not found." };
  if (error instanceof ForbiddenError || error instanceof UserFacingError) return { ok: false, error: error.message };
  console.error(
    `Server action failed: ${withoutInput(error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error), rawInput)}`,
  );
  return { ok: false, error: "Something went wrong on our side. Please try again." };
}

function withoutInput(text: string, rawInput: unknown): string {
  const secrets = stringsOf(rawInput)
    .filter((v) => v.length >= 4)
    .sort((a, b) => b.length - a.length);
  return secrets.reduce((out, secret) => out.split(secret).join("[input]"), text);
}

function stringsOf(value: unknown, depth = 0): string[] {
  if (typeof value === "string") return [value];
  if (depth > 4 || value === null || typeof value !== "object") return [];
  return Object.values(value).flatMap((v) => stringsOf(v, depth + 1));
}
