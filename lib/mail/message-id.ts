import { sha256 } from "../crypto";

/** The address part of "Name <address>" or of a bare address. */
export function addressOf(mailbox: string): string {
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
