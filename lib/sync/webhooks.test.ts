// The webhook's cost in database statements, counted (never timed): one event, and a burst of them for one
// connection, which this process applies together (group commit). The sandbox's own deliveries are kept out (the
// webhook it would call is deleted once the business is connected), and the events are handed to the handler here.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256 } from "../crypto";
import { db } from "../db";
import { createTestClient } from "../../prisma/seed/factories";
import { connectedMailchimpBusiness, startMailchimpEnv, type MailchimpEnv } from "@/tests/support/connected-mailchimp";
import { inlineStep } from "@/tests/support/inline-step";
import { control, mcApi } from "@/tests/support/mc-sandbox";
import { runPush } from "@/tests/support/run-push";
import { statementsOf } from "@/tests/support/statements-of";
import { storedTokens } from "@/tests/support/stored-tokens";
import { handleMailchimpWebhook } from "./webhooks";

let env: MailchimpEnv;
beforeAll(async () => {
  env = await startMailchimpEnv();
});
afterAll(() => env.close());

const SECRET = "s".repeat(32);

/** A connected business whose `n` opted-in clients are in the audience, unsubscribed there; nobody told us yet. */
async function unsubscribedThere(n: number) {
  const b = await connectedMailchimpBusiness(env);
  const clients = await Promise.all(
    Array.from({ length: n }, (_, i) =>
      createTestClient(db, b.business.id, { email: `p${i}@example.test`, newsOptIn: true }),
    ),
  );
  await runPush(b.business.id, "LIST_SAVED", inlineStep, "MAILCHIMP");
  await db.connection.update({ where: { id: b.connectionId }, data: { webhookSecretHash: sha256(SECRET) } });
  const token = (await storedTokens(b.connectionId)).accessToken!;
  const hooks = (await (await mcApi(env.sandbox.url, token, `/lists/${b.listId}/webhooks`)).json()) as {
    webhooks: { id: string }[];
  };
  for (const hook of hooks.webhooks)
    await mcApi(env.sandbox.url, token, `/lists/${b.listId}/webhooks/${hook.id}`, { method: "DELETE" });
  for (const c of clients)
    await control(env.sandbox.url, "/unsubscribe", { accountEmail: b.accountEmail, email: c.email });
  const deliver = (email: string) =>
    handleMailchimpWebhook(
      new URLSearchParams({ c: b.connectionId, secret: SECRET }),
      new URLSearchParams({ type: "unsubscribe", "data[email]": email, "data[list_id]": b.listId }).toString(),
    );
  return { b, clients, deliver };
}

describe("the statements of the Mailchimp webhook", { timeout: 60_000 }, () => {
  it("one unsubscribe", async () => {
    const { clients, deliver } = await unsubscribedThere(1);
    let answer;
    const statements = await statementsOf(async () => (answer = await deliver(clients[0]!.email!)));
    expect(answer).toEqual({ status: 200, applied: 1 });
    // The connection (with its secret's hash and token), the ledger's count of the member read back (its slot is the
    // limiter's), then one transaction: BEGIN, the suppression, the clients with their last opt-in, the
    // consent withdrawn, its history and its audit entry, COMMIT; and the sync asked for (the business's
    // connections). On Postgres the ledger's write is wrapped in a transaction whose commit does not wait for the
    // disk (lib/db.ts withoutWaitingForDisk): those three wrapper statements are not counted.
    const wrappers = 3 * statements.filter((s) => s === "SET LOCAL synchronous_commit = off").length;
    expect(statements.length - wrappers, statements.join("\n")).toBeLessThanOrEqual(10);
  });

  it("a burst for one connection is applied in fewer transactions than events, each answered for its own client", async () => {
    const n = 24;
    const { b, clients, deliver } = await unsubscribedThere(n);
    let answers: Awaited<ReturnType<typeof deliver>>[] = [];
    // Each event a turn of the event loop after the previous one, as requests arrive: not in the same tick, where
    // Prisma would merge their reads of the connection by itself.
    const arriving = async () => {
      const pending = [];
      for (const c of clients) {
        pending.push(deliver(c.email!));
        await new Promise((resolve) => setImmediate(resolve));
      }
      return Promise.all(pending);
    };
    const statements = await statementsOf(async () => (answers = await arriving()));
    expect(answers).toEqual(clients.map(() => ({ status: 200, applied: 1 })));
    // One by one, that would be 24 transactions. Group commit: the first alone, the rest as they arrive meanwhile.
    // Each transaction writes the suppressions once (statements of concurrent connections interleave in the log, so
    // its BEGINs cannot be told apart on Postgres).
    const transactions = statements.filter((s) => s.startsWith('INSERT INTO "Suppression"')).length;
    expect(transactions).toBeGreaterThanOrEqual(1);
    // Arriving while their connection is being read, they share that read (one read each without: 24; at most 6 on the
    // embedded database and 16 on Postgres, whose reads are over sooner).
    const connectionReads = statements.filter((s) =>
      s.startsWith('SELECT "public"."Connection"."id", "public"."Connection"."businessId"'),
    );
    expect(connectionReads.length).toBeLessThan(n);
    expect(transactions, statements.join("\n")).toBeLessThanOrEqual(n / 2);
    expect(await db.client.count({ where: { businessId: b.business.id, newsOptIn: true } })).toBe(0);
    expect(
      await db.consentEvent.count({ where: { businessId: b.business.id, toOptIn: false, source: "MAILCHIMP" } }),
    ).toBe(n);
    // Delivered again (Mailchimp retries what it thinks failed): nothing changes twice.
    expect(await deliver(clients[0]!.email!)).toEqual({ status: 200, applied: 0 });
    expect(await db.consentEvent.count({ where: { businessId: b.business.id, toOptIn: false } })).toBe(n);
  });
});
