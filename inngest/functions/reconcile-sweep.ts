// The reconcile sweep: daily at 03:30 UTC, and on demand for one business (reconcileRequested).
import { reconcileRequested } from "@/lib/jobs/events";
import { reconcileSweepHandler } from "@/lib/jobs/handlers/reconcile-sweep";
import { inngest } from "@/lib/jobs/inngest-client";
import { toSyncStep } from "../to-sync-step";

export const reconcileSweep = inngest.createFunction(
  { id: "reconcile-sweep", triggers: [{ cron: "TZ=UTC 30 3 * * *" }, reconcileRequested], concurrency: { limit: 1 } },
  // The cron tick carries no business: the sweep then covers them all.
  ({ event, step }) =>
    reconcileSweepHandler({
      event: { data: event.name === reconcileRequested.name ? event.data : {} },
      step: toSyncStep(step),
    }),
);
