import { db } from "../db";
import type { AlertKind, Provider } from "../generated/prisma/client";
import { PROVIDER_WORDS } from "../provider-words";
import { openIncident, openIncidentKinds, resolveIncident } from "./incidents";

/**
 * After a push run finished: the incidents a finished run ends (a failed run, the quota pause: syncing works again),
 * and the clients-that-cannot-be-sent incident, opened with the count and the commonest reasons while any client is
 * failing, ended when none is. Returns the alert emails to deliver after commit.
 *
 * It reads first and opens a transaction only to change something: most runs end with nothing open and nothing
 * failing, and a transaction around reads alone (read committed: each statement sees what is committed when it
 * runs) would only add its BEGIN and COMMIT. The writes check again themselves (resolveIncident looks the incident
 * up in the transaction; openIncident skips one already open).
 */
export async function reviewSyncHealth(connection: {
  connectionId: string;
  businessId: string;
  provider: Provider;
}): Promise<string[]> {
  const { businessId, provider } = connection;
  // One query for the three kinds, instead of a lookup per kind.
  const open = await openIncidentKinds(db, {
    businessId,
    provider,
    kinds: ["RUN_FAILED", "QUOTA_PAUSED", "CLIENTS_UNSENDABLE"],
  });
  const failing = await db.clientSyncState.groupBy({
    by: ["lastError"],
    where: { connectionId: connection.connectionId, status: "FAILED" },
    _count: { _all: true },
  });
  const count = failing.reduce((sum, f) => sum + f._count._all, 0);
  const ended: AlertKind[] = ["RUN_FAILED", "QUOTA_PAUSED", ...(count === 0 ? ["CLIENTS_UNSENDABLE" as const] : [])];
  const toResolve = ended.filter((kind) => open.has(kind));
  if (toResolve.length === 0 && count === 0) return [];
  const reasons = failing
    .sort((a, b) => b._count._all - a._count._all)
    .slice(0, 3)
    .map((f) => `${f._count._all} × ${f.lastError ?? `rejected by ${PROVIDER_WORDS[provider].name}`}`);
  return db.$transaction(async (tx) => {
    const ids: string[] = [];
    for (const kind of toResolve) ids.push(...(await resolveIncident(tx, { businessId, provider, kind })));
    if (count > 0)
      ids.push(
        ...(await openIncident(tx, { businessId, provider, kind: "CLIENTS_UNSENDABLE", details: { count, reasons } })),
      );
    return ids;
  });
}
