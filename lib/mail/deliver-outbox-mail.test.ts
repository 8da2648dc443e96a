import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { createTestBusiness, createTestClient } from "../../prisma/seed/factories";
import { startMailCatcher, type RunningMailCatcher } from "../../scripts/lib/mail-catcher";
import { listMail, rawMail } from "@/tests/support/mail-inbox";
import { deliverOutboxMail, dueOutboxMail, LEASE_MS } from "./deliver-outbox-mail";
import { enqueueMail } from "../mail-outbox";
import { mailTransport } from "./transport";
import { spawnTsx } from "@/tests/support/spawn-tsx";

// A real SMTP catcher (MailDev) on this test file's own ports.
let catcher: RunningMailCatcher;
beforeAll(async () => {
  catcher = await startMailCatcher({
    smtpPort: 1207,
    webPort: 1208,
    mailDirectory: path.join(process.cwd(), ".data", "test-mail-1207"),
    fresh: true,
  });
});
afterAll(() => catcher.stop());

const transport = () => mailTransport(catcher.smtpUrl);
const mailFor = async (messageId: string) =>
  (await listMail(catcher.webUrl)).filter((m) => m.headers["message-id"] === messageId);

async function invitationRow(key = `test:${crypto.randomUUID()}`) {
  const { business } = await createTestBusiness(db);
  const client = await createTestClient(db, business.id, { firstName: "Noor" });
  const id = await db.$transaction((tx) =>
    enqueueMail(tx, {
      businessId: business.id,
      idempotencyKey: key,
      kind: "PORTAL_INVITATION",
      toEmail: client.email!,
      payload: {
        businessName: business.name,
        firstName: "Noor",
        slug: business.slug,
        expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
        timeZone: business.timeZone,
      },
      secret: "the-link-secret-0123456789",
    }),
  );
  return { id, business, client, key, row: await db.mailOutbox.findUniqueOrThrow({ where: { id } }) };
}

describe("the mail outbox", () => {
  it("keeps one row per idempotency key and sends it once, with HTML and text, audited without the secret", async () => {
    const { id, business, client, key, row } = await invitationRow();
    const again = await db.$transaction((tx) =>
      enqueueMail(tx, {
        businessId: business.id,
        idempotencyKey: key,
        kind: "PORTAL_INVITATION",
        toEmail: "someone@else.test",
        payload: {},
      }),
    );
    expect(again).toBe(id);
    expect(await db.mailOutbox.count({ where: { idempotencyKey: key } })).toBe(1);

    expect(await deliverOutboxMail(id, { transport: transport() })).toBe("sent");
    expect(await deliverOutboxMail(id, { transport: transport() })).toBe("already sent");
    const caught = await mailFor(row.messageId);
    expect(caught).toHaveLength(1);
    expect(caught[0]!.to[0]!.address).toBe(client.email);
    expect(caught[0]!.subject).toBe(`Your invitation to the ${business.name} Client Portal`);
    expect(caught[0]!.html).toContain(business.name);
    expect(caught[0]!.text).toContain(`/portal/${business.slug}/set-password?token=the-link-secret-0123456789`);
    expect(caught[0]!.text).toContain("Hello Noor");

    const sent = await db.mailOutbox.findUniqueOrThrow({ where: { id } });
    expect(sent).toMatchObject({ status: "SENT", attempts: 1, secretEnc: null, leaseUntil: null });
    const audit = await db.auditLog.findMany({ where: { action: "mail.sent", targetId: id } });
    expect(audit.map((a) => a.details)).toEqual([{ kind: "PORTAL_INVITATION", to: client.email, attempts: 1 }]);
    expect(JSON.stringify(audit)).not.toContain("the-link-secret");
  });

  it("lets only one of several racing workers claim an email", async () => {
    const { id, row } = await invitationRow();
    const outcomes = await Promise.all([1, 2, 3].map(() => deliverOutboxMail(id, { transport: transport() })));
    expect(outcomes.filter((o) => o === "sent")).toHaveLength(1);
    expect(await mailFor(row.messageId)).toHaveLength(1);
    await catcher.waitForDeliveries(row.messageId, 1);
    expect(catcher.deliveries(row.messageId)).toBe(1);
  });

  it("keeps an email whose SMTP server is down, and sends it when the server is back", async () => {
    const { id, row } = await invitationRow();
    const down = mailTransport("smtp://127.0.0.1:1"); // nothing listens there
    await expect(deliverOutboxMail(id, { transport: down })).rejects.toThrow();
    const waiting = await db.mailOutbox.findUniqueOrThrow({ where: { id } });
    expect(waiting).toMatchObject({ status: "PENDING", attempts: 1 });
    expect(waiting.lastError).toBeTruthy();
    expect(waiting.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
    expect(await dueOutboxMail(new Date(waiting.nextAttemptAt.getTime() + 1))).toContain(id);
    expect(await deliverOutboxMail(id, { transport: transport() })).toBe("sent");
    expect(await mailFor(row.messageId)).toHaveLength(1);
  });

  it("records a final SMTP refusal as failed, without retrying", async () => {
    const { id } = await invitationRow();
    const refusing = {
      sendMail: async () => Promise.reject(Object.assign(new Error("550 No such mailbox"), { responseCode: 550 })),
    };
    expect(await deliverOutboxMail(id, { transport: refusing })).toBe("failed");
    expect(await db.mailOutbox.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "FAILED",
      secretEnc: null,
      lastError: "550 No such mailbox",
    });
    expect(await db.auditLog.count({ where: { action: "mail.failed", targetId: id } })).toBe(1);
  });
});

/** Runs the delivery in a child process that exits (a real crash) at the given point. */
function crashingWorker(
  outboxId: string,
  crashAt: "after-accepted" | "before-send",
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawnTsx("tests/support/mail-crash-child.ts", {
      ...process.env,
      OUTBOX_ID: outboxId,
      CATCHER_SMTP_URL: catcher.smtpUrl,
      CRASH_AT: crashAt,
    });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.once("exit", (code) => resolve({ code, out }));
  });
}

describe("a worker crash during delivery", () => {
  it("between the SMTP server's acceptance and the bookkeeping: the resend is the same message, and exactly one email arrives", async () => {
    const { id, row, client } = await invitationRow();
    const crash = await crashingWorker(id, "after-accepted");
    expect(crash.code).toBe(137);
    expect(crash.out).toContain(`accepted ${row.messageId}`);
    // The server has it; our books do not: the row is still claimed by the dead worker.
    expect(await db.mailOutbox.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "SENDING", attempts: 1 });
    expect(await mailFor(row.messageId)).toHaveLength(1);
    expect(await dueOutboxMail()).not.toContain(id); // within its lease, nobody else touches it

    // After the lease, the sweep takes it over and sends it again, with the same Message-ID.
    const afterLease = new Date(Date.now() + LEASE_MS + 1_000);
    expect(await dueOutboxMail(afterLease)).toContain(id);
    expect(await deliverOutboxMail(id, { transport: transport(), now: afterLease })).toBe("sent");
    // The catcher handles a delivery just after the SMTP answer: wait for the second, then count.
    await catcher.waitForDeliveries(row.messageId, 2);
    expect(catcher.deliveries(row.messageId)).toBe(2); // the resend really happened …
    const inbox = (await listMail(catcher.webUrl)).filter((m) => m.to.some((t) => t.address === client.email));
    expect(inbox).toHaveLength(1); // … and the mailbox holds exactly one email
    expect(await rawMail(catcher.webUrl, inbox[0]!.id)).toContain(`Message-ID: ${row.messageId}`);
    expect(await db.mailOutbox.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "SENT",
      attempts: 2,
      secretEnc: null,
    });
    expect(await db.auditLog.count({ where: { action: "mail.sent", targetId: id } })).toBe(1);
  });

  it("before the SMTP conversation: the email is not lost, it is sent after the lease", async () => {
    const { id, row } = await invitationRow();
    const crash = await crashingWorker(id, "before-send");
    expect(crash.code).toBe(137);
    expect(await mailFor(row.messageId)).toHaveLength(0);
    const afterLease = new Date(Date.now() + LEASE_MS + 1_000);
    expect(await deliverOutboxMail(id, { transport: transport(), now: afterLease })).toBe("sent");
    expect(await mailFor(row.messageId)).toHaveLength(1);
    await catcher.waitForDeliveries(row.messageId, 1);
    expect(catcher.deliveries(row.messageId)).toBe(1);
  });
});
