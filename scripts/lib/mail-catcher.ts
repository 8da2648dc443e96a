// The local mail catcher of `npm run dev` and the tests: MailDev (SMTP in, a web page and an HTTP API out). Nothing
// it receives leaves the machine.
import { rmSync } from "node:fs";
import { MailDev } from "maildev";

export type MailCatcherOptions = { smtpPort: number; webPort: number; mailDirectory: string; fresh?: boolean };
export type RunningMailCatcher = {
  smtpUrl: string;
  webUrl: string;
  /** SMTP deliveries per Message-ID, duplicates included (tests prove a resend happened and was collapsed). */
  deliveries(messageId: string): number;
  /** Resolves once `count` SMTP deliveries of that Message-ID have been handled (a duplicate: removed), or rejects. */
  waitForDeliveries(messageId: string, count: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
};

/**
 * Like a mailbox provider (Gmail drops a message whose Message-ID it already holds), the catcher keeps one copy per
 * Message-ID: a resend after a sender crashed between "accepted" and its bookkeeping (lib/mail/deliver-outbox-mail.ts)
 * shows up once, as it would in the recipient's inbox.
 */
export async function startMailCatcher(options: MailCatcherOptions): Promise<RunningMailCatcher> {
  if (options.fresh) rmSync(options.mailDirectory, { recursive: true, force: true });
  const maildev = new MailDev({
    smtp: options.smtpPort,
    web: options.webPort,
    ip: "127.0.0.1",
    webIp: "127.0.0.1",
    mailDirectory: options.mailDirectory,
    silent: true,
  });
  const servers = await maildev.start();
  const seen = new Map<string, number>();
  for (const email of await servers.storage.getAll()) {
    const id = messageIdOf(email);
    if (id) seen.set(id, (seen.get(id) ?? 0) + 1);
  }
  servers.smtp.on("new", async (email: Parameters<typeof messageIdOf>[0] & { id: string }) => {
    const id = messageIdOf(email);
    if (!id) return;
    // A duplicate is counted only once it is gone from the mailbox: whoever sees the count sees the mailbox as it
    // ends (counting first raced the deletion, and a test could list both copies).
    if (seen.has(id)) await servers.smtp.deleteEmail(email.id);
    seen.set(id, (seen.get(id) ?? 0) + 1);
  });
  return {
    smtpUrl: `smtp://127.0.0.1:${options.smtpPort}`,
    webUrl: `http://127.0.0.1:${options.webPort}`,
    deliveries: (messageId) => seen.get(messageId) ?? 0,
    async waitForDeliveries(messageId, count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while ((seen.get(messageId) ?? 0) < count) {
        if (Date.now() > deadline) throw new Error(`${messageId}: ${seen.get(messageId) ?? 0} of ${count} deliveries`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    stop: () => maildev.stop(),
  };
}

function messageIdOf(email: { headers?: Record<string, unknown> }): string | null {
  const value = email.headers?.["message-id"];
  return typeof value === "string" ? value : null;
}
