import type { Tx } from "../db";
import { openIncident, resolveIncident } from "./incidents";

/**
 * After a push run finished: the incidents a finished run ends (a failed run, the quota pause: syncing works again),
 * and the clients-that-cannot-be-sent incident, opened with the count and the commonest reasons while any client is
 * failing, ended when none is. Returns the alert emails to deliver after commit.
 */
export async function reviewSyncHealth(tx: Tx, businessId: string): Promise<string[]> {
  const ids = [
    ...(await resolveIncident(tx, { businessId, kind: "RUN_FAILED" })),
    ...(await resolveIncident(tx, { businessId, kind: "QUOTA_PAUSED" })),
  ];
  const failing = await tx.clientSyncState.groupBy({
    by: ["lastError"],
    where: { businessId, status: "FAILED" },
    _count: { _all: true },
  });
  const count = failing.reduce((sum, f) => sum + f._count._all, 0);
  if (count === 0) return [...ids, ...(await resolveIncident(tx, { businessId, kind: "CLIENTS_UNSENDABLE" }))];
  const reasons = failing
    .sort((a, b) => b._count._all - a._count._all)
    .slice(0, 3)
    .map((f) => `${f._count._all} × ${f.lastError ?? "rejected by Constant Contact"}`);
  return [...ids, ...(await openIncident(tx, { businessId, kind: "CLIENTS_UNSENDABLE", details: { count, reasons } }))];
}
