import { db } from "../db";
import type { SessionClaims } from "./session-user";

/**
 * Signing out ends every session of the user (all their devices), so a copy of the session cookie is refused from
 * the next request on. Only a session that is still current moves the version: replaying an already ended cookie to
 * the sign-out endpoint cannot end the sessions the user started since.
 */
export async function endUserSessions(claims: SessionClaims): Promise<void> {
  await db.user.updateMany({
    where: { id: claims.userId, sessionVersion: claims.sessionVersion },
    data: { sessionVersion: { increment: 1 } },
  });
}
