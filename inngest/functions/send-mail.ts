// One outbox email: retried with Inngest's backoff on transient SMTP errors; one delivery per email at a time.
import { mailSendRequested } from "@/lib/jobs/events";
import { sendMailHandler } from "@/lib/jobs/handlers/send-mail";
import { inngest } from "@/lib/jobs/inngest-client";
import { toSyncStep } from "../to-sync-step";

export const sendMail = inngest.createFunction(
  { id: "send-mail", triggers: [mailSendRequested], concurrency: { key: "event.data.outboxId", limit: 1 }, retries: 5 },
  ({ event, step }) => sendMailHandler({ event, step: toSyncStep(step) }),
);
