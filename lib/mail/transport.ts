// The one SMTP transport (nodemailer) of this process, from SMTP_URL: a real relay in production, the local mail
// catcher (scripts/lib/mail-catcher.ts) in development and tests.
import nodemailer from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import { env } from "../env";

/** What delivery needs of a transport: the SMTP handshake of one message, resolved once the server accepted it. */
export type MailTransport = { sendMail(message: SMTPTransport.Options): Promise<SMTPTransport.SentMessageInfo> };

const globalForMail = globalThis as unknown as { __mailTransport?: { url: string; transport: MailTransport } };

/**
 * Timeouts well inside the delivery lease (lib/mail/deliver-outbox-mail.ts): an SMTP conversation that hangs fails
 * before another worker may take the message over, so two workers never hold one message at once.
 */
export function mailTransport(url = env().SMTP_URL): MailTransport {
  if (globalForMail.__mailTransport?.url !== url) {
    const transport = nodemailer.createTransport(url, {
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 30_000,
    });
    globalForMail.__mailTransport = { url, transport };
  }
  return globalForMail.__mailTransport.transport;
}
