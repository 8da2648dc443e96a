import { notFound } from "next/navigation";
import { nextRequest, type RequestReader } from "../auth/request-reader";
import type { SessionUser } from "../auth/session";

/**
 * The support console's door: a signed-in SUPPORT user (re-read from the database on every request), or Next's
 * notFound() for everyone else, signed out included, so the console's existence is not revealed. Every page and
 * every action under /support calls this itself (actions through requireSupport in lib/actions/action-layers.ts):
 * a layout's check does not protect a page or an action.
 */
export async function requireSupportUser(request: RequestReader = nextRequest): Promise<SessionUser> {
  const user = await request.user();
  if (!user?.isSupport) notFound();
  return user;
}
