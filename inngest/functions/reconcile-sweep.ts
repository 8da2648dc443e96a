import { activeBusinessIds, reconcileBusiness } from "@/lib/sync/reconcile";
import { inngest } from "../client";
import { reconcileRequested, syncRequested } from "../events";
import { sendEvent } from "../send";
import type { HandlerArgs } from "../step";

/** Daily (and on demand): retry failed clients, re-check connections, and sync whatever is still pending. */
export async function reconcileSweepHandler({ event, step }: HandlerArgs<{ businessId?: string } | undefined>) {
  const businessIds = event.data?.businessId ? [event.data.businessId] : await step.run("list-businesses", () => activeBusinessIds());
  const findings = [];
  for (const businessId of businessIds) {
    const finding = await step.run(`reconcile-${businessId}`, async () => {
      const found = await reconcileBusiness(businessId);
      if (found.pending > 0 && found.connection === "ok") await sendEvent(syncRequested.create({ businessId, trigger: "SCHEDULE" }));
      return found;
    });
    findings.push(finding);
  }
  return { findings };
}

export const reconcileSweep = inngest.createFunction(
  { id: "reconcile-sweep", triggers: [{ cron: "TZ=UTC 30 3 * * *" }, reconcileRequested], concurrency: { limit: 1 } },
  ({ event, step }) => reconcileSweepHandler({ event: event as never, step: step as never }),
);
