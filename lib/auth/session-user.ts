import { z } from "zod";
import { db } from "../db";

// What a staff session (a next-auth JWT) claims, and the check that turns a claim into a signed-in user.

export type SessionUser = { id: string; email: string; name: string; isSupport: boolean };

/** The claims our JWT carries; a token without a session version (issued before versions existed) is not accepted. */
export const SessionClaims = z.object({ userId: z.guid(), sessionVersion: z.number().int().nonnegative() });
export type SessionClaims = z.infer<typeof SessionClaims>;

/**
 * The user behind a session, or null when the session has ended: the user is gone, or their session version moved on
 * (signed out, password or platform role changed, a membership removed or re-roled). One primary-key read, and the
 * user's name and role come fresh from it. Database errors propagate: an outage is not a sign-out.
 */
export async function sessionUserFor(claims: SessionClaims): Promise<SessionUser | null> {
  const user = await db.user.findUnique({
    where: { id: claims.userId },
    select: { id: true, email: true, name: true, platformRole: true, sessionVersion: true },
  });
  if (!user || user.sessionVersion !== claims.sessionVersion) return null;
  return { id: user.id, email: user.email, name: user.name, isSupport: user.platformRole === "SUPPORT" };
}
