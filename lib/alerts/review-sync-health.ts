import type { Tx } from "../db";
import type { Provider } from "../generated/prisma/client";
import { PROVIDER_WORDS } from "../provider-words";
import { openIncident, resolveIncident } from "./incidents";

/**
 * After a push run finished: the incidents a finished run ends (a failed run, the quota pause: syncing works again),
 * and the clients-that-cannot-be-sent incident, opened with the count and the commonest reasons while any client is
 * failing, ended when none is. Returns the alert emails to deliver after commit.
 */
export async function reviewSyncHealth(
  tx: Tx,
  connection: { connectionId: string; businessId: string; provider: Provider },
): Promise<string[]> {
  const { businessId, provider } = connection;
  const ids = [
    ...(await resolveIncident(tx, { businessId, provider, kind: "RUN_FAILED" })),
    ...(await resolveIncident(tx, { businessId, provider, kind: "QUOTA_PAUSED" })),
  ];
  const failing = await tx.clientSyncState.groupBy({
    by: ["lastError"],
    where: { connectionId: connection.connectionId, status: "FAILED" },
    _count: { _all: true },
  });
  const count = failing.reduce((sum, f) => sum + f._count._all, 0);
  if (count === 0)
    return [...ids, ...(await resolveIncident(tx, { businessId, provider, kind: "CLIENTS_UNSENDABLE" }))];
  const reasons = failing
    .sort((a, b) => b._count._all - a._count._all)
    .slice(0, 3)
    .map((f) => `${f._count._all} × ${f.lastError ?? `rejected by ${PROVIDER_WORDS[provider].name}`}`);
  return [
    ...ids,
    ...(await openIncident(tx, { businessId, provider, kind: "CLIENTS_UNSENDABLE", details: { count, reasons } })),
  ];
}
