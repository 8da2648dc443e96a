import { recordAudit, SYSTEM_ACTOR } from "../audit";
import { queueClientsForSync } from "../clients/mark-sync-pending";
import { db } from "../db";
import { ReconnectRequiredError } from "../constant-contact/errors";
import { ccClientForConnection } from "../constant-contact/client-for-connection";
import { closeInterruptedRuns } from "./close-interrupted-runs";

export type ReconcileFinding = {
  businessId: string;
  pending: number;
  retried: number;
  connection: "ok" | "needs reconnect" | "unreachable";
};

/**
 * The sweep that makes lost events harmless: for each active connection, clients whose last send failed are
 * marked pending again, the connection is re-checked with one cheap call (a dead grant surfaces as "needs
 * reconnect" now, not at the next edit), and the caller asks for a sync where anything is pending. Runs whose
 * executor is gone (expired lease) are closed as interrupted first; their clients are among the pending ones.
 */
export async function reconcileBusiness(businessId: string): Promise<ReconcileFinding> {
  const interrupted = await closeInterruptedRuns({ businessId });
  const connection = await db.constantContactConnection.findUnique({
    where: { businessId },
    select: { id: true, status: true },
  });
  if (!connection || connection.status !== "ACTIVE")
    return { businessId, pending: 0, retried: 0, connection: "needs reconnect" };
  const retried = await queueClientsForSync(db, businessId, "failed");
  let state: ReconcileFinding["connection"] = "ok";
  try {
    await ccClientForConnection(connection.id, {
      maxRetries: 1,
      purpose: { kind: "RECONCILE", businessId },
    }).getAccountSummary();
  } catch (error) {
    state = error instanceof ReconnectRequiredError ? "needs reconnect" : "unreachable";
  }
  const pending = await db.clientSyncPending.count({ where: { businessId } });
  // What the sweep found is kept where people look for it: the audit trail of the business.
  if (retried > 0 || pending > 0 || interrupted > 0 || state !== "ok") {
    await recordAudit({
      action: "sync.reconciled",
      actor: SYSTEM_ACTOR,
      businessId,
      details: { pending, retried, interrupted, connection: state },
    });
  }
  return { businessId, pending, retried, connection: state };
}

export async function activeBusinessIds(): Promise<string[]> {
  const rows = await db.constantContactConnection.findMany({
    where: { status: "ACTIVE", listId: { not: null } },
    select: { businessId: true },
  });
  return rows.map((r) => r.businessId);
}
