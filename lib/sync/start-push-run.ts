import { queueClientsForSync } from "../clients/mark-sync-pending";
import { db } from "../db";
import type { SyncRunTrigger } from "../generated/prisma/client";
import { createRun } from "./sync-runs";

export type StartedPush =
  { runId: string; connectionId: string; listId: string; fullSync: boolean } | { skipped: string };

/**
 * Opens a push run for a business, or says why there is nothing to do. When the connection's generation moved
 * (a list was chosen or changed, or the business reconnected) every client is marked pending first, in the same
 * transaction that records the generation as set up: a full sync happens exactly once per generation even when
 * the events asking for it were debounced together or lost.
 */
export async function startPushRun(
  input: { businessId: string; trigger: SyncRunTrigger },
  now = new Date(),
): Promise<StartedPush> {
  const connection = await db.constantContactConnection.findUnique({ where: { businessId: input.businessId } });
  if (!connection || connection.status !== "ACTIVE" || !connection.listId)
    return { skipped: "not connected to a list" };
  if (connection.quotaPausedUntil && connection.quotaPausedUntil > now)
    return { skipped: "paused until Constant Contact's daily quota resets" };

  const fullSync = connection.fullSyncGeneration < connection.syncGeneration;
  if (fullSync) {
    // One statement over the whole business (seconds at 100,000 clients, hence the longer timeout); rows that
    // are already pending are left alone.
    await db.$transaction(
      async (tx) => {
        await queueClientsForSync(tx, input.businessId, "all");
        await tx.constantContactConnection.update({
          where: { id: connection.id },
          data: { fullSyncGeneration: connection.syncGeneration },
        });
      },
      { timeout: 120_000, maxWait: 10_000 },
    );
  }
  const total = await db.clientSyncPending.count({ where: { businessId: input.businessId } });
  if (total === 0) return { skipped: "nothing to send" };
  const run = await createRun({
    businessId: input.businessId,
    connectionId: connection.id,
    kind: fullSync ? "FULL" : input.trigger === "SCHEDULE" || input.trigger === "RETRY" ? "RECONCILE" : "DELTA",
    trigger: input.trigger,
    total,
  });
  return { runId: run.id, connectionId: connection.id, listId: connection.listId, fullSync };
}
