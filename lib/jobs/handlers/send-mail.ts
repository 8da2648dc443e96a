// The send-mail job: one outbox email (lib/mail/deliver-outbox-mail.ts holds the delivery rules).
import { deliverOutboxMail } from "../../mail/deliver-outbox-mail";
import type { MailSendRequest } from "../events";
import type { HandlerArgs } from "../step";

/** A transient SMTP failure throws, so the step is retried with backoff; a final one is recorded as FAILED. */
export async function sendMailHandler({ event, step }: HandlerArgs<MailSendRequest>) {
  const outcome = await step.run("deliver", () => deliverOutboxMail(event.data.outboxId));
  return { outboxId: event.data.outboxId, outcome };
}
