// "Sync now" and every other explicit act: the same push run, not debounced.
import { syncNowRequested } from "@/lib/jobs/events";
import { syncBusinessHandler } from "@/lib/jobs/handlers/sync-business";
import { inngest } from "@/lib/jobs/inngest-client";
import { syncFlowControl } from "../flow-control";
import { toSyncStep } from "../to-sync-step";

export const syncBusinessNow = inngest.createFunction(
  { id: "sync-business-now", triggers: [syncNowRequested], ...syncFlowControl() },
  ({ event, step }) => syncBusinessHandler({ event, step: toSyncStep(step) }),
);
