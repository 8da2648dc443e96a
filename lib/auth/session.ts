import { getServerSession } from "next-auth";
import { connection } from "next/server";
import { db } from "../db";
import { authOptions } from "./options";

export type SessionUser = { id: string; email: string; name: string; isSupport: boolean };

/** The signed-in user, re-read from the database on each request (a deleted user is signed out at once). */
export async function currentUser(): Promise<SessionUser | null> {
  await connection(); // per-request by nature: never prerendered at build time
  const session = (await getServerSession(authOptions())) as { userId?: string } | null;
  if (!session?.userId) return null;
  const user = await db.user.findUnique({
    where: { id: session.userId },
    select: { id: true, email: true, name: true, platformRole: true },
  });
  if (!user) return null;
  return { id: user.id, email: user.email, name: user.name, isSupport: user.platformRole === "SUPPORT" };
}
