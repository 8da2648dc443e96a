import { getServerSession } from "next-auth";
import { connection } from "next/server";
import { authOptions } from "./options";
import { SessionClaims, sessionUserFor, type SessionUser } from "./session-user";

export type { SessionUser } from "./session-user";

/** The claims of this request's session cookie (signature and expiry checked by next-auth), or null. */
export async function sessionClaims(): Promise<SessionClaims | null> {
  const parsed = SessionClaims.safeParse(await getServerSession(authOptions()));
  return parsed.success ? parsed.data : null;
}

/**
 * The signed-in user, re-read from the database on each request: a deleted user, or a session ended by signing out
 * or by a password or role change, is signed out at once.
 */
export async function currentUser(): Promise<SessionUser | null> {
  await connection(); // per-request by nature: never prerendered at build time
  const claims = await sessionClaims();
  return claims ? sessionUserFor(claims) : null;
}
