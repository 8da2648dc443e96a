import { z } from "zod";
import { db } from "../db";
import { endImpersonation } from "./end-impersonation";

/**
 * Stop: ends the support user's own impersonation. Someone else's id, an unknown id or one already ended does
 * nothing (and says so); one found past its time is recorded as expired, not stopped.
 */
export async function stopImpersonation(input: {
  supportUser: { id: string; name: string; email: string };
  impersonationId: string | null | undefined;
  now?: Date;
}) {
  const now = input.now ?? new Date();
  const id = z.uuid().safeParse(input.impersonationId);
  if (!id.success) return { stopped: false as const };
  const row = await db.impersonation.findFirst({
    where: { id: id.data, supportUserId: input.supportUser.id, endedAt: null },
    select: { id: true, businessId: true, expiresAt: true },
  });
  if (!row) return { stopped: false as const };
  const how = row.expiresAt <= now ? "expired" : "stopped";
  const ended = await endImpersonation(row, input.supportUser, how, now);
  return { stopped: ended && how === "stopped", expired: ended && how === "expired" };
}
