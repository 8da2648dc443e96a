// The reconcile sweep: what makes lost events harmless. Daily (and on demand for one business), for each connection
// that keeps a list: clients whose last send failed are queued again, the connection is re-checked with one cheap
// call (a dead grant surfaces as "needs reconnect" now, not at the next edit), and a push is asked for where anything
// is queued. Runs whose executor is gone (expired lease) are closed as interrupted first; their clients are among the
// queued ones.
import { recordAudit, SYSTEM_ACTOR } from "../audit";
import { queueClientsForSync } from "../clients/mark-sync-pending";
import { db } from "../db";
import { pushRequested, type ReconcileRequest } from "../jobs/events";
import { sendEvent } from "../jobs/send-event";
import type { HandlerArgs } from "../jobs/step";
import { adapterFor } from "./providers";
import { closeInterruptedRuns } from "./runs";

export type ReconcileFinding = {
  businessId: string;
  connectionId: string | null;
  pending: number;
  retried: number;
  connection: "ok" | "needs reconnect" | "unreachable";
};

/** Sweeps every connection of the business (one finding each; "needs reconnect" when it has none that works). */
export async function reconcileBusiness(businessId: string): Promise<ReconcileFinding[]> {
  const interrupted = await closeInterruptedRuns({ businessId });
  const connections = await db.connection.findMany({
    where: { businessId, status: "ACTIVE", listId: { not: null } },
    select: { id: true, provider: true },
  });
  if (connections.length === 0)
    return [{ businessId, connectionId: null, pending: 0, retried: 0, connection: "needs reconnect" }];
  const findings: ReconcileFinding[] = [];
  for (const connection of connections) {
    const target = { connectionId: connection.id, businessId };
    const retried = await queueClientsForSync(db, target, "failed");
    const adapter = adapterFor(connection.provider);
    let state: ReconcileFinding["connection"] = "ok";
    try {
      await adapter
        .session(connection.id, { purpose: { kind: "RECONCILE", businessId }, onCall: undefined })
        .checkAccount();
    } catch (error) {
      state = adapter.stopReason(error)?.kind === "reconnect" ? "needs reconnect" : "unreachable";
    }
    const pending = await db.clientSyncPending.count({ where: { connectionId: connection.id } });
    // What the sweep found is kept where people look for it: the audit trail of the business.
    if (retried > 0 || pending > 0 || interrupted > 0 || state !== "ok") {
      await recordAudit({
        action: "sync.reconciled",
        actor: SYSTEM_ACTOR,
        businessId,
        details: { provider: connection.provider, pending, retried, interrupted, connection: state },
      });
    }
    findings.push({ businessId, connectionId: connection.id, pending, retried, connection: state });
  }
  return findings;
}

export async function activeBusinessIds(): Promise<string[]> {
  const rows = await db.connection.findMany({
    where: { status: "ACTIVE", listId: { not: null } },
    select: { businessId: true },
    distinct: ["businessId"],
  });
  return rows.map((r) => r.businessId);
}

/** The sweep job: daily in both engines, and on demand (reconcileRequested). */
export async function reconcileSweepHandler({ event, step }: HandlerArgs<ReconcileRequest>) {
  const businessIds = event.data.businessId
    ? [event.data.businessId]
    : await step.run("list-businesses", () => activeBusinessIds());
  const findings: ReconcileFinding[] = [];
  for (const businessId of businessIds) {
    const found = await step.run(`reconcile-${businessId}`, async () => {
      const each = await reconcileBusiness(businessId);
      for (const f of each)
        if (f.pending > 0 && f.connection === "ok" && f.connectionId)
          await sendEvent(pushRequested.create({ connectionId: f.connectionId, businessId, trigger: "SCHEDULE" }));
      return each;
    });
    findings.push(...found);
  }
  return { findings };
}
