// A worker that dies mid-delivery, by a real process exit (the crash test in lib/mail/deliver-outbox-mail.test.ts):
// CRASH_AT=after-accepted exits right after the SMTP server accepted the message, before any bookkeeping;
// CRASH_AT=before-send exits after claiming the row, before speaking SMTP.
import { deliverOutboxMail } from "@/lib/mail/deliver-outbox-mail";
import { mailTransport } from "@/lib/mail/transport";

const outboxId = process.env.OUTBOX_ID!;
const real = mailTransport(process.env.CATCHER_SMTP_URL!);

await deliverOutboxMail(outboxId, {
  transport: {
    async sendMail(message) {
      if (process.env.CRASH_AT === "before-send") process.exit(137);
      const info = await real.sendMail(message);
      process.stdout.write(`accepted ${info.messageId}\n`);
      process.exit(137);
    },
  },
});
process.exit(0); // not reached: the crash comes first
