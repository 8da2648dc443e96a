import { notFound } from "next/navigation";
import { redirectToSignIn } from "../auth/redirect-to-sign-in";
import { nextRequest, type RequestReader } from "../auth/request-reader";
import type { SessionUser } from "../auth/session";

/**
 * The support console's door: a signed-in SUPPORT user (re-read from the database on every request), or Next's
 * notFound() for everyone else (an action called signed out included). Every page (through requireSupportPage) and
 * every action under /support calls this itself (actions through requireSupport in lib/actions/action-layers.ts):
 * a layout's check does not protect a page or an action.
 */
export async function requireSupportUser(request: RequestReader = nextRequest): Promise<SessionUser> {
  return supportOrNotFound(await request.user());
}

/**
 * The console's pages and layout: signed out, the login page like every other page (it brings the visitor back
 * here); signed in, as requireSupportUser.
 */
export async function requireSupportPage(): Promise<SessionUser> {
  const user = await nextRequest.user();
  if (!user) return redirectToSignIn();
  return supportOrNotFound(user);
}

function supportOrNotFound(user: SessionUser | null): SessionUser {
  if (!user?.isSupport) notFound();
  return user;
}
