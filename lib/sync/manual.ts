// What people ask of a connection's sync from its page: Sync now, and Retry of failed clients.
import type { BusinessContext } from "../auth/business-context";
import { NotFoundError, UserFacingError } from "../errors";
import { recordAudit } from "../audit";
import { queueClientsForSync } from "../clients/mark-sync-pending";
import { db } from "../db";
import type { Provider } from "../generated/prisma/client";
import { requestPush, requestUnsubscribePull } from "../jobs/request-sync";
import { adapterFor } from "./providers";
import { closeInterruptedRuns, liveRunWhere } from "./runs";

async function activeConnection(ctx: BusinessContext, provider: Provider) {
  const connection = await db.connection.findUnique({
    where: { businessId_provider: { businessId: ctx.businessId, provider } },
    select: { id: true, status: true, quotaPausedUntil: true },
  });
  const name = adapterFor(provider).words.name;
  if (!connection || connection.status !== "ACTIVE")
    throw new UserFacingError(`Connect ${name} and choose a ${adapterFor(provider).words.list} first.`);
  return { ...connection, name };
}

/** "Sync now" (push and pull): owners and staff; refused while a run is in progress or the connection needs attention. */
export async function requestManualSync(ctx: BusinessContext, provider: Provider): Promise<void> {
  const connection = await activeConnection(ctx, provider);
  if (connection.quotaPausedUntil && connection.quotaPausedUntil > new Date())
    throw new UserFacingError(`Syncing is paused until ${connection.name}'s daily limit resets.`);
  // A run whose executor is gone (its lease expired: a crash) blocks nothing: it is closed as interrupted here.
  const now = new Date();
  await closeInterruptedRuns({ connectionId: connection.id }, now);
  const running = await db.syncRun.count({
    where: { connectionId: connection.id, ...liveRunWhere(now), kind: { not: "UNSUBSCRIBE_PULL" } },
  });
  if (running > 0) throw new UserFacingError("A sync is already running.");
  await recordAudit({
    action: "sync.requested_manually",
    actor: ctx.actor,
    businessId: ctx.businessId,
    details: { provider },
  });
  // Both directions: send what changed here, and bring back unsubscribes from the provider.
  await requestPush({ connectionId: connection.id, businessId: ctx.businessId }, "MANUAL");
  await requestUnsubscribePull(connection.id);
}

/**
 * Retry from the status page: one failed client, or all of them. They are queued for the connection and a push
 * starts now. A client of another business is "not found".
 */
export async function retryFailedClients(
  ctx: BusinessContext,
  input: { provider: Provider; clientId?: string },
): Promise<{ retried: number }> {
  const connection = await activeConnection(ctx, input.provider);
  const where = {
    businessId: ctx.businessId,
    connectionId: connection.id,
    status: "FAILED" as const,
    ...(input.clientId ? { clientId: input.clientId } : {}),
  };
  const failed = await db.clientSyncState.findMany({ where, select: { clientId: true } });
  if (input.clientId && failed.length === 0) throw new NotFoundError();
  const ids = failed.map((f) => f.clientId);
  const target = { connectionId: connection.id, businessId: ctx.businessId };
  await db.$transaction(async (tx) => {
    await queueClientsForSync(tx, target, ids);
    await recordAudit(
      {
        action: "sync.retry_requested",
        actor: ctx.actor,
        businessId: ctx.businessId,
        target: input.clientId ? { type: "client", id: input.clientId } : null,
        details: { provider: input.provider, clients: ids.length },
      },
      tx,
    );
  });
  if (ids.length > 0) await requestPush(target, "RETRY");
  return { retried: ids.length };
}
