import type { Tx } from "../db";
import type { Provider } from "../generated/prisma/client";
import { PROVIDER_WORDS } from "../provider-words";
import { openIncident, openIncidentKinds, resolveIncident } from "./incidents";

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
  // Most runs end with none of these open: one query finds that, instead of a lookup per kind.
  const open = await openIncidentKinds(tx, {
    businessId,
    provider,
    kinds: ["RUN_FAILED", "QUOTA_PAUSED", "CLIENTS_UNSENDABLE"],
  });
  const ids: string[] = [];
  for (const kind of ["RUN_FAILED", "QUOTA_PAUSED"] as const)
    if (open.has(kind)) ids.push(...(await resolveIncident(tx, { businessId, provider, kind })));
  const failing = await tx.clientSyncState.groupBy({
    by: ["lastError"],
    where: { connectionId: connection.connectionId, status: "FAILED" },
    _count: { _all: true },
  });
  const count = failing.reduce((sum, f) => sum + f._count._all, 0);
  if (count === 0) {
    if (!open.has("CLIENTS_UNSENDABLE")) return ids;
    return [...ids, ...(await resolveIncident(tx, { businessId, provider, kind: "CLIENTS_UNSENDABLE" }))];
  }
  const reasons = failing
    .sort((a, b) => b._count._all - a._count._all)
    .slice(0, 3)
    .map((f) => `${f._count._all} × ${f.lastError ?? `rejected by ${PROVIDER_WORDS[provider].name}`}`);
  return [
    ...ids,
    ...(await openIncident(tx, { businessId, provider, kind: "CLIENTS_UNSENDABLE", details: { count, reasons } })),
  ];
}
