import { notFound } from "next/navigation";
import { z } from "zod";
import { failureOf, type ActionResult } from "../auth/define-action";
import { redirectToSignIn } from "../auth/redirect-to-sign-in";
import { currentUser, type SessionUser } from "../auth/session";

/**
 * The support console's door: a signed-in SUPPORT user (re-read from the database on every request); signed out, the
 * login page (like every other page: the console's address is no secret), and Next's notFound() for every other
 * user. Every page and every action under /support calls this itself: a layout's check does not protect a page or
 * an action.
 */
export async function requireSupportUser(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) return redirectToSignIn();
  if (!user.isSupport) notFound();
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
