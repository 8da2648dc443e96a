import type { BusinessContext } from "../auth/business-context";
import { NotFoundError, UserFacingError } from "../auth/errors";
import { recordAudit } from "../audit";
import { db } from "../db";
import { requestSync, requestUnsubscribePull } from "./request-sync";

/**
 * Retry from the status page: one failed client, or all of them. They are marked pending (the outbox) and a sync
 * starts now. A client of another business is "not found".
 */
export async function retryFailedClients(ctx: BusinessContext, input: { clientId?: string }): Promise<{ retried: number }> {
  const where = { businessId: ctx.businessId, status: "FAILED" as const, ...(input.clientId ? { clientId: input.clientId } : {}) };
  const failed = await db.clientSyncState.findMany({ where, select: { clientId: true } });
  if (input.clientId && failed.length === 0) throw new NotFoundError();
  const ids = failed.map((f) => f.clientId);
  await db.$transaction(async (tx) => {
    await tx.client.updateMany({ where: { businessId: ctx.businessId, id: { in: ids } }, data: { syncPending: true } });
    await recordAudit(
      { action: "sync.retry_requested", actor: ctx.actor, businessId: ctx.businessId, target: input.clientId ? { type: "client", id: input.clientId } : null, details: { clients: ids.length } },
      tx,
    );
  });
  if (ids.length > 0) await requestSync(ctx.businessId, "RETRY");
  return { retried: ids.length };
}

/** "Sync now" (push and unsubscribe pull): owners and staff; refused while a run is in progress or the connection needs attention. */
export async function requestManualSync(ctx: BusinessContext): Promise<void> {
  const connection = await db.constantContactConnection.findUnique({ where: { businessId: ctx.businessId }, select: { id: true, status: true, quotaPausedUntil: true } });
  if (!connection || connection.status !== "ACTIVE") throw new UserFacingError("Connect Constant Contact and choose a list first.");
  if (connection.quotaPausedUntil && connection.quotaPausedUntil > new Date()) throw new UserFacingError("Syncing is paused until Constant Contact's daily limit resets.");
  const running = await db.syncRun.count({ where: { businessId: ctx.businessId, status: "RUNNING", kind: { not: "UNSUBSCRIBE_PULL" } } });
  if (running > 0) throw new UserFacingError("A sync is already running.");
  await recordAudit({ action: "sync.requested_manually", actor: ctx.actor, businessId: ctx.businessId });
  // Both directions: send what changed here, and bring back unsubscribes from Constant Contact.
  await requestSync(ctx.businessId, "MANUAL");
  await requestUnsubscribePull(connection.id);
}
