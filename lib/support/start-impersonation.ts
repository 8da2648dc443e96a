import { recordAudit } from "../audit";
import { NotFoundError } from "../auth/errors";
import { db } from "../db";
import { endImpersonation } from "./end-impersonation";
import { IMPERSONATION_MINUTES, impersonationActor, StartImpersonationInput } from "./impersonation-rules";

/**
 * "Log in as this business": only a SUPPORT user (re-read from the database, whatever the session claims) may
 * start one; anyone else, and any unknown business, is "not found". A support user has at most one active
 * impersonation: starting another ends the previous one (audited).
 */
export async function startImpersonation(input: { supportUserId: string; now?: Date } & StartImpersonationInput) {
  const now = input.now ?? new Date();
  const supportUser = await db.user.findUnique({
    where: { id: input.supportUserId },
    select: { id: true, name: true, email: true, platformRole: true },
  });
  if (!supportUser || supportUser.platformRole !== "SUPPORT") throw new NotFoundError();
  const { businessId, reason } = StartImpersonationInput.parse(input);
  const business = await db.business.findUnique({ where: { id: businessId }, select: { id: true, name: true } });
  if (!business) throw new NotFoundError();

  const expiresAt = new Date(now.getTime() + IMPERSONATION_MINUTES * 60_000);
  return db.$transaction(async (tx) => {
    const open = await tx.impersonation.findMany({
      where: { supportUserId: supportUser.id, endedAt: null },
      select: { id: true, businessId: true, expiresAt: true },
    });
    for (const row of open)
      await endImpersonation(row, supportUser, row.expiresAt <= now ? "expired" : "replaced", now, tx);
    const row = await tx.impersonation.create({
      data: { supportUserId: supportUser.id, businessId: business.id, reason, startedAt: now, expiresAt },
      select: { id: true, expiresAt: true },
    });
    await recordAudit(
      {
        action: "support.impersonation_started",
        actor: impersonationActor(supportUser, business.name),
        businessId: business.id,
        target: { type: "Impersonation", id: row.id },
        details: { reason, expiresAt: expiresAt.toISOString(), minutes: IMPERSONATION_MINUTES },
      },
      tx,
    );
    return { impersonationId: row.id, expiresAt: row.expiresAt, businessName: business.name };
  });
}
