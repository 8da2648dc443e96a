// Sends one outbox email. Delivery guarantees, and why:
//
// - Claim: a conditional update moves the row PENDING → SENDING with a lease. Only one worker wins it; a SENDING
//   row whose lease ran out belongs to a worker that died, and may be claimed again.
// - Send: SMTP with the Message-ID derived from the idempotency key (message-id.ts).
// - Bookkeeping: SENT, the secret wiped, and the audit entry, in one transaction.
//
// A crash before the server accepted the message leaves a SENDING row whose lease expires; it is sent again (never
// lost). A crash after the server accepted it but before the bookkeeping committed is the one window no sender can
// close: SMTP has no transaction we could commit together with ours, so "exactly once" between two systems is not
// possible, and we choose at-least-once over at-most-once (an alert that is never sent is worse than a duplicate).
// The resend carries the same Message-ID, which is what makes it exactly-once where it matters, in the mailbox:
// receivers collapse a Message-ID they already hold (Gmail does; so does our catcher, scripts/lib/mail-catcher.ts),
// and our own bookkeeping records one send. The window is a few milliseconds; the lease (far longer than the SMTP
// timeouts in transport.ts) keeps two live workers from ever sending one row at the same time.
import { recordAudit, SYSTEM_ACTOR } from "../audit";
import { decryptSecret } from "../crypto";
import { db } from "../db";
import { env } from "../env";
import type { MailSendRequest } from "../jobs/events";
import type { HandlerArgs, SyncStep } from "../jobs/step";
import { renderMail } from "./render-mail";
import { mailTransport, type MailTransport } from "./transport";

export const LEASE_MS = 2 * 60_000;
export const MAX_ATTEMPTS = 8;

export type DeliveryOutcome = "sent" | "already sent" | "in flight" | "failed" | "not found";

export type DeliveryDeps = { transport?: MailTransport; now?: Date };

export async function deliverOutboxMail(outboxId: string, deps: DeliveryDeps = {}): Promise<DeliveryOutcome> {
  const now = deps.now ?? new Date();
  const claimed = await db.mailOutbox.updateMany({
    where: { id: outboxId, OR: [{ status: "PENDING" }, { status: "SENDING", leaseUntil: { lt: now } }] },
    data: { status: "SENDING", leaseUntil: new Date(now.getTime() + LEASE_MS), attempts: { increment: 1 } },
  });
  if (claimed.count === 0) {
    const row = await db.mailOutbox.findUnique({ where: { id: outboxId }, select: { status: true } });
    if (!row) return "not found";
    return row.status === "SENT" ? "already sent" : row.status === "FAILED" ? "failed" : "in flight";
  }
  const row = await db.mailOutbox.findUniqueOrThrow({ where: { id: outboxId } });

  let message;
  try {
    const rendered = await renderMail(row, row.secretEnc ? decryptSecret(row.secretEnc, `mail:${row.id}`) : null);
    message = {
      from: env().MAIL_FROM,
      to: row.toEmail,
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      headers: rendered.headers,
      messageId: row.messageId,
    };
  } catch (error) {
    // A row that cannot be rendered never will be (bad payload, a key that is gone): retrying does not help.
    await giveUp(row, `Could not build the email: ${(error as Error).message}`);
    return "failed";
  }

  try {
    await (deps.transport ?? mailTransport()).sendMail(message);
  } catch (error) {
    const code = (error as { responseCode?: number }).responseCode;
    const reason = (error as Error).message.slice(0, 500);
    // 5xx is the server's final no (unknown mailbox, rejected address); anything else may pass on a later try.
    if ((code !== undefined && code >= 500) || row.attempts >= MAX_ATTEMPTS) {
      await giveUp(row, reason);
      return "failed";
    }
    await db.mailOutbox.updateMany({
      where: { id: row.id, status: "SENDING" },
      data: {
        status: "PENDING",
        leaseUntil: null,
        lastError: reason,
        nextAttemptAt: new Date(now.getTime() + backoffMs(row.attempts)),
      },
    });
    throw error; // the job's step retries with backoff; the outbox sweep picks it up if the job gives up
  }

  await db.$transaction(async (tx) => {
    const done = await tx.mailOutbox.updateMany({
      where: { id: row.id, status: "SENDING" },
      data: { status: "SENT", sentAt: new Date(), secretEnc: null, leaseUntil: null, lastError: null },
    });
    if (done.count === 0) return;
    // The kind and the recipient; never the link (its secret is gone from the row as of this transaction).
    await recordAudit(
      {
        action: "mail.sent",
        actor: SYSTEM_ACTOR,
        businessId: row.businessId,
        target: { type: "MailOutbox", id: row.id },
        details: { kind: row.kind, to: row.toEmail, attempts: row.attempts },
      },
      tx,
    );
  });
  return "sent";
}

async function giveUp(
  row: { id: string; businessId: string; kind: string; toEmail: string },
  reason: string,
): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.mailOutbox.update({
      where: { id: row.id },
      data: { status: "FAILED", leaseUntil: null, lastError: reason, secretEnc: null },
    });
    await recordAudit(
      {
        action: "mail.failed",
        actor: SYSTEM_ACTOR,
        businessId: row.businessId,
        target: { type: "MailOutbox", id: row.id },
        details: { kind: row.kind, to: row.toEmail, reason },
      },
      tx,
    );
  });
}

/** 1, 2, 4 … minutes, at most an hour: a relay that is down for a while is not hammered. */
function backoffMs(attempts: number): number {
  return Math.min(60, 2 ** Math.max(0, attempts - 1)) * 60_000;
}

/**
 * What the outbox sweep sends: emails whose delivery was never asked for or failed for now (PENDING and due), and
 * emails whose worker died mid-send (SENDING past its lease). Oldest first, a bounded batch per tick.
 */
export async function dueOutboxMail(now = new Date(), limit = 100): Promise<string[]> {
  const rows = await db.mailOutbox.findMany({
    where: {
      OR: [
        { status: "PENDING", nextAttemptAt: { lte: now } },
        { status: "SENDING", leaseUntil: { lt: now } },
      ],
    },
    orderBy: { createdAt: "asc" },
    select: { id: true },
    take: limit,
  });
  return rows.map((r) => r.id);
}

/** The send-mail job: one outbox email. A transient SMTP failure throws, so the step is retried with backoff. */
export async function sendMailHandler({ event, step }: HandlerArgs<MailSendRequest>) {
  const outcome = await step.run("deliver", () => deliverOutboxMail(event.data.outboxId));
  return { outboxId: event.data.outboxId, outcome };
}

export const MAIL_SWEEP_MINUTES = 1;

/**
 * The outbox sweep: every minute in both engines. It sends what no event asked for (a lost event), what failed for
 * now, and what a crashed worker left mid-send.
 */
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
