// A burst of edits is one run: debounced per business. The work is lib/jobs' push handler.
import { jobsEnv } from "@/lib/env";
import { syncRequested } from "@/lib/jobs/events";
import { syncBusinessHandler } from "@/lib/jobs/handlers/sync-business";
import { inngest } from "@/lib/jobs/inngest-client";
import { syncFlowControl } from "../flow-control";
import { toSyncStep } from "../to-sync-step";

export const syncBusiness = inngest.createFunction(
  {
    id: "sync-business",
    triggers: [syncRequested],
    debounce: { key: "event.data.businessId", period: `${jobsEnv().SYNC_DEBOUNCE_SECONDS}s`, timeout: "5m" },
    ...syncFlowControl(),
  },
  ({ event, step }) => syncBusinessHandler({ event, step: toSyncStep(step) }),
);
