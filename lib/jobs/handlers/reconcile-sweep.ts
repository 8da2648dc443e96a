// The reconcile sweep job: run daily by both engines and on demand (reconcileRequested).
import { activeBusinessIds, reconcileBusiness } from "../../sync/reconcile";
import { syncRequested, type ReconcileRequest } from "../events";
import { sendEvent } from "../send-event";
import type { HandlerArgs } from "../step";

/** Daily (and on demand): retry failed clients, re-check connections, and sync whatever is still pending. */
export async function reconcileSweepHandler({ event, step }: HandlerArgs<ReconcileRequest>) {
  const businessIds = event.data.businessId
    ? [event.data.businessId]
    : await step.run("list-businesses", () => activeBusinessIds());
  const findings = [];
  for (const businessId of businessIds) {
    const finding = await step.run(`reconcile-${businessId}`, async () => {
      const found = await reconcileBusiness(businessId);
      if (found.pending > 0 && found.connection === "ok")
        await sendEvent(syncRequested.create({ businessId, trigger: "SCHEDULE" }));
      return found;
    });
    findings.push(finding);
  }
  return { findings };
}
