import { notFound } from "next/navigation";
import { z } from "zod";
import { failureOf, type ActionResult } from "../auth/define-action";
import { currentUser, type SessionUser } from "../auth/session";

/**
 * The support console's door: a signed-in SUPPORT user (re-read from the database on every request), or Next's
 * notFound() for everyone else, signed out included, so the console's existence is not revealed. Every page and
 * every action under /support calls this itself: a layout's check does not protect a page or an action.
 */
export async function requireSupportUser(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user?.isSupport) notFound();
  return user;
}

/**
 * The support console's server actions: check who is asking first (not found for anyone but support, whatever the
 * input), then parse the input with zod, then the handler. redirect() and notFound() pass through.
 */
export function supportAction<S extends z.ZodType, T>(
  options: { input: S },
  handler: (input: z.infer<S>, supportUser: SessionUser) => Promise<T>,
): (raw: z.input<S>) => Promise<ActionResult<T>> {
  return async (raw) => {
    try {
      const user = await requireSupportUser();
      const parsed = options.input.safeParse(raw);
      if (!parsed.success) return failureOf(parsed.error);
      return { ok: true, data: await handler(parsed.data, user) };
    } catch (error) {
      return failureOf(error);
    }
  };
}
