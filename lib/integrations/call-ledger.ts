import "server-only";
import { withoutWaitingForDisk, type Db } from "../db";
import type { Provider } from "../generated/prisma/client";
import type { CallPurpose } from "./provider";

const HOUR_MS = 3_600_000;

/**
 * Counts one call into the platform's ledger (ApiCallLedger: per UTC hour, provider, kind and business). Written by
 * the provider's limiter as it lets the call through, before it is sent, so a call that happened is never missing (a
 * process that dies between the two has at most counted a call it did not make).
 */
export async function recordCall(database: Db, provider: Provider, purpose: CallPurpose, at: Date): Promise<void> {
  const hour = new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS);
  // Bookkeeping: the commit does not wait for the disk (lib/db.ts).
  await withoutWaitingForDisk(
    database.$executeRaw`
      INSERT INTO "ApiCallLedger" ("hour", "provider", "kind", "businessId", "calls")
      VALUES (${hour}, ${provider}::"Provider", ${purpose.kind}::"ApiCallKind", ${purpose.businessId}::uuid, 1)
      ON CONFLICT ("hour", "provider", "kind", "businessId") DO UPDATE SET "calls" = "ApiCallLedger"."calls" + 1`,
    database,
  );
}

/** Today's (UTC) calls of one provider so far, by kind. */
export async function callsToday(
  database: Db,
  provider: Provider,
  now: Date,
): Promise<{ total: number; byKind: Partial<Record<CallPurpose["kind"], number>> }> {
  const dayStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const rows = await database.apiCallLedger.groupBy({
    by: ["kind"],
    where: { provider, hour: { gte: dayStart } },
    _sum: { calls: true },
  });
  const byKind = Object.fromEntries(rows.map((r) => [r.kind, r._sum.calls ?? 0]));
  return { total: rows.reduce((sum, r) => sum + (r._sum.calls ?? 0), 0), byKind };
}
