import "server-only";
import type { Db } from "../db";
import type { CallPurpose } from "./call-purpose";

const HOUR_MS = 3_600_000;

/**
 * Counts one call into the ledger of the API key (CcCallLedger: per UTC hour, kind and business). Written by the
 * platform limiter as it lets the call through, before it is sent, so a call that happened is never missing (a
 * process that dies between the two has at most counted a call it did not make).
 */
export async function recordCall(database: Db, purpose: CallPurpose, at: Date): Promise<void> {
  const hour = new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS);
  await database.$executeRaw`
    INSERT INTO "CcCallLedger" ("hour", "kind", "businessId", "calls")
    VALUES (${hour}, ${purpose.kind}::"CcCallKind", ${purpose.businessId}::uuid, 1)
    ON CONFLICT ("hour", "kind", "businessId") DO UPDATE SET "calls" = "CcCallLedger"."calls" + 1`;
}

/** Today's (UTC) calls of the API key so far, by kind. */
export async function callsToday(
  database: Db,
  now: Date,
): Promise<{ total: number; byKind: Partial<Record<CallPurpose["kind"], number>> }> {
  const dayStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const rows = await database.ccCallLedger.groupBy({
    by: ["kind"],
    where: { hour: { gte: dayStart } },
    _sum: { calls: true },
  });
  const byKind = Object.fromEntries(rows.map((r) => [r.kind, r._sum.calls ?? 0]));
  return { total: rows.reduce((sum, r) => sum + (r._sum.calls ?? 0), 0), byKind };
}
