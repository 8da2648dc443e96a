// The cron tick that fans out the unsubscribe pulls that are due.
import { PULL_TICK_MINUTES, schedulePullsHandler } from "@/lib/jobs/handlers/schedule-unsubscribe-pulls";
import { inngest } from "@/lib/jobs/inngest-client";
import { toSyncStep } from "../to-sync-step";

export const scheduleUnsubscribePulls = inngest.createFunction(
  { id: "schedule-unsubscribe-pulls", triggers: [{ cron: `*/${PULL_TICK_MINUTES} * * * *` }] },
  ({ step }) => schedulePullsHandler({ step: toSyncStep(step) }),
);
