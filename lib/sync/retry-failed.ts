import type { BusinessContext } from "../auth/business-context";
import { NotFoundError } from "../auth/errors";
import { recordAudit } from "../audit";
import { queueClientsForSync } from "../clients/mark-sync-pending";
import { db } from "../db";
import { requestSync } from "../jobs/request-sync";

/**
 * Retry from the status page: one failed client, or all of them. They are marked pending (the outbox) and a sync
 * starts now. A client of another business is "not found".
 */
export async function retryFailedClients(
  ctx: BusinessContext,
  input: { clientId?: string },
): Promise<{ retried: number }> {
  const where = {
    businessId: ctx.businessId,
    status: "FAILED" as const,
    ...(input.clientId ? { clientId: input.clientId } : {}),
  };
  const failed = await db.clientSyncState.findMany({ where, select: { clientId: true } });
  if (input.clientId && failed.length === 0) throw new NotFoundError();
  const ids = failed.map((f) => f.clientId);
  await db.$transaction(async (tx) => {
    await queueClientsForSync(tx, ctx.businessId, ids);
    await recordAudit(
      {
        action: "sync.retry_requested",
        actor: ctx.actor,
        businessId: ctx.businessId,
        target: input.clientId ? { type: "client", id: input.clientId } : null,
        details: { clients: ids.length },
      },
      tx,
    );
  });
  if (ids.length > 0) await requestSync(ctx.businessId, "RETRY");
  return { retried: ids.length };
}
