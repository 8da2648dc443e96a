// The queue. A change of a synced field or of the opt-in bumps Client.syncVersion in the same update as the change,
// and a database trigger queues the client in ClientSyncPending for every connection of the business in the same
// statement: both commit with the change, so a crash right after commit loses nothing, and the reconcile sweep finds
// the client even if the sync event never goes out. Sending again to one connection without a change of the
// client's own (Retry, a full sync) queues it here.
import type { Tx } from "../db";
import { Prisma } from "../generated/prisma/client";

export const MARK_SYNC_PENDING = { syncVersion: { increment: 1 } } as const;

/**
 * Queues clients of the business to be sent again to one connection at their current version: the given ones, every
 * client, or those whose last send to it failed. A client already queued keeps its row (and its older `since`): it
 * is left out before the insert (an anti-join, far cheaper than 100,000 conflicting inserts when a whole business is
 * queued already), and ON CONFLICT covers one queued meanwhile. Returns how many were newly queued.
 */
export function queueClientsForSync(
  tx: Tx,
  { connectionId, businessId }: { connectionId: string; businessId: string },
  clients: readonly string[] | "all" | "failed",
): Promise<number> {
  const which =
    clients === "all"
      ? Prisma.empty
      : clients === "failed"
        ? Prisma.sql`AND EXISTS (SELECT 1 FROM "ClientSyncState" s
            WHERE s."connectionId" = ${connectionId}::uuid AND s."clientId" = c.id AND s."status" = 'FAILED')`
        : Prisma.sql`AND c.id = ANY(${[...clients]}::uuid[])`;
  return tx.$executeRaw`
    INSERT INTO "ClientSyncPending" ("connectionId", "clientId", "businessId", "version")
    SELECT ${connectionId}::uuid, c.id, c."businessId", c."syncVersion" FROM "Client" c
    WHERE c."businessId" = ${businessId}::uuid ${which}
      AND NOT EXISTS (SELECT 1 FROM "ClientSyncPending" p WHERE p."connectionId" = ${connectionId}::uuid AND p."clientId" = c.id)
    ON CONFLICT ("connectionId", "clientId") DO NOTHING`;
}

/** Prisma filter: the client has something left to send to the connection. */
export const pendingFor = (connectionId: string) => ({ pendingSyncs: { some: { connectionId } } }) as const;
