// Every minute: the emails no event delivered (lost event, failure for now, a worker that died mid-send).
import { MAIL_SWEEP_MINUTES, mailOutboxSweepHandler } from "@/lib/jobs/handlers/mail-outbox-sweep";
import { inngest } from "@/lib/jobs/inngest-client";
import { toSyncStep } from "../to-sync-step";

export const mailOutboxSweep = inngest.createFunction(
  { id: "mail-outbox-sweep", triggers: [{ cron: `*/${MAIL_SWEEP_MINUTES} * * * *` }], concurrency: { limit: 1 } },
  ({ step }) => mailOutboxSweepHandler({ step: toSyncStep(step) }),
);
