import { recordAudit } from "../audit";
import { db, type Tx } from "../db";
import { impersonationActor } from "./impersonation-rules";

type Person = { id: string; name: string; email: string };
export type EndReason = "stopped" | "expired" | "replaced";

/**
 * Ends one impersonation and audits it, exactly once: the update only matches a row that has not ended yet, so two
 * requests noticing the same expiry (a layout and its page render in parallel) write one `endedAt` and one audit
 * entry. An expired row ends at its expiry time, not when someone happened to notice.
 */
export async function endImpersonation(
  row: { id: string; businessId: string; expiresAt: Date },
  supportUser: Person,
  how: EndReason,
  now: Date,
  tx?: Tx,
): Promise<boolean> {
  const run = async (t: Tx) => {
    const endedAt = how === "expired" ? row.expiresAt : now;
    const ended = await t.impersonation.updateMany({ where: { id: row.id, endedAt: null }, data: { endedAt } });
    if (ended.count === 0) return false;
    const business = await t.business.findUnique({ where: { id: row.businessId }, select: { name: true } });
    await recordAudit(
      {
        action: how === "expired" ? "support.impersonation_expired" : "support.impersonation_stopped",
        actor: impersonationActor(supportUser, business?.name ?? "a deleted business"),
        businessId: business ? row.businessId : null,
        target: { type: "Impersonation", id: row.id },
        details:
          how === "expired"
            ? { expiredAt: row.expiresAt.toISOString() }
            : { endedBy: how === "replaced" ? "started another impersonation" : "support user clicked Stop" },
      },
      t,
    );
    return true;
  };
  return tx ? run(tx) : db.$transaction(run);
}

/**
 * Ends every impersonation of this support user that has run past its time (audited as expired), e.g. when the
 * support console opens: the expiry is recorded even if no admin page was requested after it.
 */
export async function expireImpersonationsOf(supportUser: Person, now = new Date()): Promise<number> {
  const stale = await db.impersonation.findMany({
    where: { supportUserId: supportUser.id, endedAt: null, expiresAt: { lte: now } },
    select: { id: true, businessId: true, expiresAt: true },
  });
  let count = 0;
  for (const row of stale) if (await endImpersonation(row, supportUser, "expired", now)) count++;
  return count;
}
