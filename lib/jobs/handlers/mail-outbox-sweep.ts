// The outbox sweep: every minute in both engines. It sends what no event asked for (a lost event), what failed for
// now, and what a crashed worker left mid-send.
import { deliverOutboxMail } from "../../mail/deliver-outbox-mail";
import { dueOutboxMail } from "../../mail/due-outbox-mail";
import type { SyncStep } from "../step";

export const MAIL_SWEEP_MINUTES = 1;

export async function mailOutboxSweepHandler({ step }: { step: SyncStep }) {
  const due = await step.run("find-due", () => dueOutboxMail());
  const outcomes: Record<string, string> = {};
  for (const outboxId of due) {
    // One email's trouble must not hold up the others: it stays PENDING with its next attempt time.
    outcomes[outboxId] = await step.run(`deliver-${outboxId}`, () =>
      deliverOutboxMail(outboxId).catch(() => "retry later" as const),
    );
  }
  return { outcomes };
}
