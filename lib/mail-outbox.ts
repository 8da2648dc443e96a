import { randomUUID } from "node:crypto";
import type { Tx } from "./db";
import { encryptSecret, sha256 } from "./crypto";
import { env } from "./env";
import type { MailKind, Prisma } from "./generated/prisma/client";

// The one door an email enters by: a row in the outbox, written in the transaction of its cause. Delivery (claiming,
// rendering, sending, bookkeeping) is lib/mail; this stays below everything that sends mail (alerts, the portal).

/** The address part of "Name <address>" or of a bare address. */
function addressOf(mailbox: string): string {
  return (mailbox.match(/<([^>]+)>/)?.[1] ?? mailbox).trim();
}

/**
 * The SMTP Message-ID of an outbox row, derived from its idempotency key (never random): if a worker crashes after
 * the server accepted a message but before recording it, the resend carries the same Message-ID, so the receiving
 * side (mailbox providers, our catcher) recognises it as the same message. The key is hashed so it leaks nothing.
 */
export function messageIdFor(idempotencyKey: string, from: string): string {
  const domain = addressOf(from).split("@")[1] ?? "localhost";
  return `<${sha256(idempotencyKey).slice(0, 40)}@${domain}>`;
}

export type NewMail = {
  businessId: string;
  /** Names the cause ("portal-invitation:<token id>", "alert:<incident id>:opened:<user id>"): one cause, one email. */
  idempotencyKey: string;
  kind: MailKind;
  toEmail: string;
  payload: Prisma.InputJsonObject;
  /** A link secret the email must carry; stored encrypted and wiped once sent. */
  secret?: string;
};

/**
 * Writes an email into the outbox, inside the caller's transaction: the email exists if and only if its cause
 * committed. Enqueueing the same cause twice keeps the first row (the idempotency key is unique). Returns the row's
 * id; the caller asks for delivery after commit (requestMailDelivery in lib/jobs/send-event.ts), and the outbox sweep covers a lost ask.
 */
export async function enqueueMail(tx: Tx, mail: NewMail): Promise<string> {
  const id = randomUUID();
  const created = await tx.mailOutbox.createMany({
    data: [
      {
        id,
        businessId: mail.businessId,
        idempotencyKey: mail.idempotencyKey,
        kind: mail.kind,
        toEmail: mail.toEmail,
        payload: mail.payload,
        secretEnc: mail.secret ? encryptSecret(mail.secret, `mail:${id}`) : null,
        messageId: messageIdFor(mail.idempotencyKey, env().MAIL_FROM),
      },
    ],
    skipDuplicates: true,
  });
  if (created.count === 1) return id;
  const existing = await tx.mailOutbox.findUniqueOrThrow({
    where: { idempotencyKey: mail.idempotencyKey },
    select: { id: true },
  });
  return existing.id;
}
