import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pullHandler } from "./pull";
import { inFlightTuple, markInFlight } from "./client-sync-state";
import { JsonArrayBytes } from "./json-array-bytes";
import { pushRequested } from "../jobs/events";
import { installLocalDispatcher } from "../jobs/send-event";
import { db } from "../db";
import { control } from "@/tests/support/cc-sandbox";
import { connectedBusiness } from "@/tests/support/connected-business";
import { failWrites } from "@/tests/support/db-fault";
import { inlineStep } from "@/tests/support/inline-step";
import { ccContacts, startSyncSandbox, type SyncSandbox } from "@/tests/support/sync-sandbox";

// The unsubscribe pull against the sandbox: every page, and crashes between reading and committing.
let env: SyncSandbox;
beforeAll(async () => {
  env = await startSyncSandbox();
});
afterAll(() => env.sandbox.close());

const pull = (connectionId: string) =>
  pullHandler({ event: { data: { connectionId, trigger: "MANUAL" } }, step: inlineStep });
const calls = async () => (await control(env.sandbox.url, "/calls")).calls as Record<string, number>;
const optedOut = (businessId: string) =>
  db.client.count({ where: { businessId, newsOptIn: false, unsubscribeSource: "CONSTANT_CONTACT" } });
const lastPull = (businessId: string) =>
  db.syncRun.findFirstOrThrow({ where: { businessId, kind: "UNSUBSCRIBE_PULL" }, orderBy: { startedAt: "desc" } });

/** `count` contacts in Constant Contact that unsubscribed (by the contact), and an opted-in client for each. */
async function unsubscribedContactsWithClients(b: Awaited<ReturnType<typeof connectedBusiness>>, count: number) {
  const prefix = `u-${randomUUID().slice(0, 8)}-`;
  const seeded = await control(env.sandbox.url, "/seed", {
    accountEmail: b.accountEmail,
    contacts: { count, listName: "Newsletter", unsubscribedEvery: 1, emailPrefix: prefix, emailDomain: "example.test" },
  });
  expect(seeded.contacts).toMatchObject({ created: count, unsubscribed: count });
  const emails = Array.from({ length: count }, (_, i) => `${prefix}${i + 1}@example.test`);
  await db.client.createMany({
    data: emails.map((email, i) => ({
      businessId: b.business.id,
      firstName: "Unsub",
      lastName: `Client ${i}`,
      email,
      emailNormalized: email,
      newsOptIn: true,
      consentAt: new Date(),
      consentMethod: "IN_PERSON" as const,
    })),
  });
  return emails;
}

// Applying hundreds of opt-outs one by one, and the API client's retries before a crash, take seconds.
describe("the unsubscribe pull", { timeout: 60_000 }, () => {
  it("follows _links.next past the first page of 500 and applies every unsubscribe", async () => {
    const b = await connectedBusiness(env);
    await unsubscribedContactsWithClients(b, 520);
    await control(env.sandbox.url, "/calls/reset", {});
    expect(await pull(b.connectionId)).toMatchObject({ unsubscribed: 520, seen: 520 });
    // Two pages: 500, then the 20 behind `_links.next`.
    expect((await calls())["GET /v3/contacts"]).toBe(2);
    expect(await optedOut(b.business.id)).toBe(520);
    expect(await db.client.count({ where: { businessId: b.business.id, newsOptIn: true } })).toBe(0);
    expect(await db.consentEvent.count({ where: { businessId: b.business.id, source: "CONSTANT_CONTACT" } })).toBe(520);
    // The two pages, and the bounce pull's one look at the campaigns (none were sent).
    expect((await calls())["GET /v3/emails"]).toBe(1);
    expect(await lastPull(b.business.id)).toMatchObject({ status: "SUCCEEDED", unsubscribesPulled: 520, apiCalls: 3 });
  });

  it("learns the account's unsubscribe rate from what each pull finds newer than the last, for the schedule", async () => {
    const b = await connectedBusiness(env);
    await unsubscribedContactsWithClients(b, 30);
    // The first pull reads the account's whole history: no rate from it.
    await pull(b.connectionId);
    expect((await db.connection.findUniqueOrThrow({ where: { id: b.connectionId } })).unsubscribesPerDay).toBe(0);
    // A day later, 30 more: a third of the way to 30 a day (the running average's weight for a day).
    await db.connection.update({
      where: { id: b.connectionId },
      data: { lastUnsubscribePullAt: new Date(Date.now() - 24 * 60 * 60_000) },
    });
    await unsubscribedContactsWithClients(b, 30);
    await pull(b.connectionId);
    const rate = (await db.connection.findUniqueOrThrow({ where: { id: b.connectionId } })).unsubscribesPerDay;
    expect(rate).toBeGreaterThan(30 * 0.25);
    expect(rate).toBeLessThan(30 * 0.35);
  });

  it("loses nothing when it crashes between reading a page and committing: the next pull applies everything", async () => {
    const b = await connectedBusiness(env);
    await unsubscribedContactsWithClients(b, 530);
    // The crash: the first page is read, then Constant Contact fails every attempt at the second (more failures than
    // the API client's retries), so the pull dies before its commit.
    await control(env.sandbox.url, "/faults", {
      kind: "500",
      after: 1,
      count: 20,
      method: "GET",
      pathPrefix: "/v3/contacts",
    });
    try {
      await expect(pull(b.connectionId)).rejects.toThrow();
    } finally {
      await control(env.sandbox.url, "/faults", undefined, "DELETE");
    }
    expect(await lastPull(b.business.id)).toMatchObject({ status: "FAILED" });
    expect(await db.connection.findUniqueOrThrow({ where: { id: b.connectionId } })).toMatchObject({
      unsubscribeWatermark: null,
      lastUnsubscribePullAt: null,
    });
    expect(await optedOut(b.business.id)).toBe(0);

    expect(await pull(b.connectionId)).toMatchObject({ unsubscribed: 530 });
    expect(await optedOut(b.business.id)).toBe(530);
    expect(await db.consentEvent.count({ where: { businessId: b.business.id, source: "CONSTANT_CONTACT" } })).toBe(530);
    // Constant Contact still holds them as unsubscribed: nothing was re-subscribed on the way.
    expect(
      (
        await control(
          env.sandbox.url,
          `/accounts/${encodeURIComponent(b.accountEmail)}/contacts?status=unsubscribed&limit=1`,
        )
      ).total,
    ).toBe(530);
  });

  it("skips a scheduled pull when the connection was pulled since its fan-out looked (two fan-outs: one pull)", async () => {
    const b = await connectedBusiness(env);
    // Two scheduler ticks fanned out the never-pulled connection before either pull ran: both saw no last pull.
    const fannedOut = { connectionId: b.connectionId, trigger: "SCHEDULE" as const, seenPullAt: null };
    expect(await pullHandler({ event: { data: fannedOut }, step: inlineStep })).toHaveProperty("runId");
    expect(await pullHandler({ event: { data: fannedOut }, step: inlineStep })).toEqual({
      skipped: "pulled since it was scheduled",
    });
    expect(await db.syncRun.count({ where: { businessId: b.business.id, kind: "UNSUBSCRIBE_PULL" } })).toBe(1);
  });

  it("skips a scheduled pull whose fan-out saw an older last pull, and runs one that saw the current one", async () => {
    const b = await connectedBusiness(env);
    const pulledAt = new Date(Date.now() - 2 * 24 * 60 * 60_000);
    await db.connection.update({ where: { id: b.connectionId }, data: { lastUnsubscribePullAt: pulledAt } });
    const scheduled = (seenPullAt?: string) =>
      pullHandler({
        event: { data: { connectionId: b.connectionId, trigger: "SCHEDULE", seenPullAt } },
        step: inlineStep,
      });
    const older = new Date(pulledAt.getTime() - 60 * 60_000).toISOString();
    expect(await scheduled(older)).toEqual({ skipped: "pulled since it was scheduled" });
    expect(await scheduled(pulledAt.toISOString())).toHaveProperty("runId");
    // An event sent before the fan-out said what it saw is due, whatever the last pull.
    expect(await scheduled(undefined)).toHaveProperty("runId");
  });

  // Last in this file: it moves the sandbox's clock.
  it("moves the watermark only after the commit: when the commit fails, the next pull sees the same unsubscribes", async () => {
    const b = await connectedBusiness(env);
    const early = `early-${randomUUID().slice(0, 8)}@example.test`;
    const late = `late-${randomUUID().slice(0, 8)}@example.test`;
    for (const email of [early, late]) {
      await db.client.create({
        data: {
          businessId: b.business.id,
          firstName: "W",
          lastName: "M",
          email,
          emailNormalized: email,
          newsOptIn: true,
          consentAt: new Date(),
          consentMethod: "IN_PERSON",
        },
      });
    }
    // Two opt-outs more than the overlap window (1 h) apart: a watermark moved too early would hide the first.
    const token = await import("@/tests/support/stored-tokens").then((m) => m.storedTokens(b.connectionId));
    for (const email of [early, late]) {
      const created = await fetch(`${env.config.apiBaseUrl}/contacts`, {
        method: "POST",
        headers: { authorization: `Bearer ${token.accessToken}`, "content-type": "application/json" },
        body: JSON.stringify({
          email_address: { address: email, permission_to_send: "implicit" },
          create_source: "Account",
          list_memberships: [b.listId],
        }),
      });
      expect(created.status).toBe(201);
    }
    await control(env.sandbox.url, "/unsubscribe", { accountEmail: b.accountEmail, email: early });
    await control(env.sandbox.url, "/clock", { advanceMs: 2 * 60 * 60 * 1000 });
    await control(env.sandbox.url, "/unsubscribe", { accountEmail: b.accountEmail, email: late });

    // The commit fails while applying the opt-outs (Postgres refuses their consent history), so it rolls back.
    const fault = await failWrites({
      table: "ConsentEvent",
      on: "INSERT",
      when: `NEW."businessId" = '${b.business.id}'::uuid`,
    });
    try {
      await expect(pull(b.connectionId)).rejects.toThrow(/injected fault/);
    } finally {
      await fault.remove();
    }
    expect(await db.connection.findUniqueOrThrow({ where: { id: b.connectionId } })).toMatchObject({
      unsubscribeWatermark: null,
    });
    expect(await optedOut(b.business.id)).toBe(0);
    expect(await lastPull(b.business.id)).toMatchObject({
      status: "FAILED",
      error: expect.stringContaining("injected fault"),
    });

    expect(await pull(b.connectionId)).toMatchObject({ unsubscribed: 2, seen: 2 });
    expect(await optedOut(b.business.id)).toBe(2);
    const lateContact = (await ccContacts(env, b.accountEmail, `&email=${encodeURIComponent(late)}`))[0] as unknown as {
      opt_out_date: string;
    };
    expect(
      (await db.connection.findUniqueOrThrow({ where: { id: b.connectionId } })).unsubscribeWatermark!.toISOString(),
    ).toBe(lateContact.opt_out_date);
  });
});

// A pull's opt-outs need no call in their own provider's list (the person is not receiving there already): their sync
// state is written by the pull, and a push is asked only for what needs one (push-batch.ts, settleWithoutCall).
describe("the unsubscribe pull's opt-outs in their own list", { timeout: 60_000 }, () => {
  /** Pulls with the push requests it makes captured instead of run. */
  async function pullCapturingPushes(connectionId: string) {
    const pushes: { connectionId: string; trigger: string }[] = [];
    installLocalDispatcher(async (payload) => {
      for (const event of [payload].flat())
        if (event.name === pushRequested.name) pushes.push(event.data as (typeof pushes)[number]);
    });
    try {
      const result = await pull(connectionId);
      return { result, pushes };
    } finally {
      installLocalDispatcher(undefined);
    }
  }
  const statesOf = (connectionId: string, emails: string[]) =>
    db.clientSyncState.findMany({
      where: { connectionId, client: { emailNormalized: { in: emails } } },
      select: { clientId: true, status: true, syncedVersion: true, syncedEmail: true, inFlightBatchId: true },
    });
  const queued = (connectionId: string, emails: string[]) =>
    db.clientSyncPending.count({ where: { connectionId, client: { emailNormalized: { in: emails } } } });

  it("settles them without a push run, and a late answer for an older version does not undo it", async () => {
    const b = await connectedBusiness(env);
    const emails = await unsubscribedContactsWithClients(b, 3);
    const { result, pushes } = await pullCapturingPushes(b.connectionId);
    expect(result).toMatchObject({ unsubscribed: 3 });
    expect(pushes).toEqual([]);
    expect(await queued(b.connectionId, emails)).toBe(0);
    const states = await statesOf(b.connectionId, emails);
    expect(states).toHaveLength(3);
    for (const state of states)
      expect(state).toMatchObject({ status: "UNSUBSCRIBED_IN_PROVIDER", syncedVersion: 2, syncedEmail: null });
    // A push that read one of them before the opt-out marks it in flight with the version it read: it stays settled.
    const tuples = new JsonArrayBytes();
    tuples.push(inFlightTuple({ clientId: states[0]!.clientId, version: 1, email: emails[0]! }));
    await markInFlight({ connectionId: b.connectionId, businessId: b.business.id }, "late-batch", tuples);
    tuples.release();
    expect(
      await db.clientSyncState.findUniqueOrThrow({
        where: { connectionId_clientId: { connectionId: b.connectionId, clientId: states[0]!.clientId } },
      }),
    ).toMatchObject({ status: "UNSUBSCRIBED_IN_PROVIDER", syncedVersion: 2, inFlightBatchId: null });
  });

  it("leaves a client on its way in a batch, and one whose address a family member still wants, to a push", async () => {
    const b = await connectedBusiness(env);
    const [inFlight, wanted, settled] = await unsubscribedContactsWithClients(b, 3);
    const client = (email: string) =>
      db.client.findFirstOrThrow({ where: { businessId: b.business.id, emailNormalized: email } });
    // Sent in a batch whose answer is not read yet.
    await db.clientSyncState.create({
      data: {
        connectionId: b.connectionId,
        clientId: (await client(inFlight!)).id,
        businessId: b.business.id,
        status: "PENDING",
        inFlightBatchId: "batch-on-its-way",
        inFlightVersion: 1,
        inFlightEmail: inFlight!,
      },
    });
    // A family member who consented after the unsubscribe keeps the address wanted: the push decides it. (After
    // the sandbox's time of the unsubscribe, whose clock earlier tests may have moved.)
    const [contact] = (await ccContacts(env, b.accountEmail, `&email=${encodeURIComponent(wanted!)}`)) as unknown as {
      opt_out_date: string;
    }[];
    const consentedAt = new Date(new Date(contact!.opt_out_date).getTime() + 60_000);
    await db.client.create({
      data: {
        businessId: b.business.id,
        firstName: "Family",
        lastName: "Member",
        email: wanted!,
        emailNormalized: wanted!,
        newsOptIn: true,
        consentAt: consentedAt,
        consentMethod: "IN_PERSON",
        consentEvents: {
          create: {
            businessId: b.business.id,
            fromOptIn: false,
            toOptIn: true,
            source: "STAFF",
            consentMethod: "IN_PERSON",
            createdAt: consentedAt,
          },
        },
      },
    });
    const { result, pushes } = await pullCapturingPushes(b.connectionId);
    expect(result).toMatchObject({ unsubscribed: 3 });
    expect(pushes).toEqual([expect.objectContaining({ connectionId: b.connectionId, trigger: "CLIENT_CHANGE" })]);
    // Those two, and the family member (new, not sent yet).
    expect(await queued(b.connectionId, [inFlight!, wanted!])).toBe(3);
    expect(await queued(b.connectionId, [settled!])).toBe(0);
    expect(await statesOf(b.connectionId, [settled!])).toEqual([
      expect.objectContaining({ status: "UNSUBSCRIBED_IN_PROVIDER" }),
    ]);
  });
});
