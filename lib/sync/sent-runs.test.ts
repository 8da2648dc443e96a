import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { endConnection } from "../integrations/connections";
import { createTestClient } from "../../prisma/seed/factories";
import { control } from "@/tests/support/cc-sandbox";
import { moveTo, spendPlannedBudget } from "@/tests/support/batching-day";
import { connectedBusiness } from "@/tests/support/connected-business";
import { inlineStep } from "@/tests/support/inline-step";
import { withOwnDatabase } from "@/tests/support/own-database";
import { runPush } from "@/tests/support/run-push";
import { ccContacts, startSyncSandbox, type SyncSandbox } from "@/tests/support/sync-sandbox";
import { pullHandler } from "./pull";
import { currentPushPlan } from "./push-pace";
import { syncStatus } from "./status/sync-status";

// On a day whose budget batches changes, a change-driven push spends one call (the import) and its answer is read
// with the connection's next unsubscribe pull, every such import in one call. The plan reads the platform's ledger,
// so this file has a database of its own.
// The sandbox first: its settings are in the environment before anything reads (and keeps) them.
let env: SyncSandbox;
beforeAll(async () => {
  env = await startSyncSandbox();
});
afterAll(() => env.sandbox.close());
withOwnDatabase("sent");

type Business = Awaited<ReturnType<typeof connectedBusiness>>;

/** The day's planned budget spent (the margin is not): the plan batches changes. */
async function batchingDay(b: Business) {
  const now = new Date();
  await spendPlannedBudget(b.business.id, now);
  const plan = await currentPushPlan("CONSTANT_CONTACT", now);
  expect(plan!.waitMinutes).toBeGreaterThan(plan!.debounceMinutes);
}

const calls = async () => (await control(env.sandbox.url, "/calls")).calls as Record<string, number>;
const resetCalls = () => control(env.sandbox.url, "/calls/reset", {});
const pull = (connectionId: string) =>
  pullHandler({ event: { data: { connectionId, trigger: "MANUAL" } }, step: inlineStep });
const runsOf = (businessId: string) =>
  db.syncRun.findMany({ where: { businessId, kind: "DELTA" }, orderBy: { startedAt: "asc" } });
const pending = (connectionId: string) => db.clientSyncPending.count({ where: { connectionId } });

/** A business whose list has its clients (a full sync on a quiet day), then a batching day. */
async function syncedBusiness() {
  const b = await connectedBusiness(env);
  const first = await createTestClient(db, b.business.id, { newsOptIn: true, city: "Before" });
  const second = await createTestClient(db, b.business.id, { newsOptIn: true, city: "Before" });
  await db.apiCallLedger.deleteMany({});
  await runPush(b.business.id, "LIST_SAVED", inlineStep);
  expect(await pending(b.connectionId)).toBe(0);
  await batchingDay(b);
  return { b, first, second };
}

describe("a push on a batching day", { timeout: 60_000 }, () => {
  it("only sends, one call; the next pull reads the answers of every such push in one call and finishes them", async () => {
    const { b, first, second } = await syncedBusiness();
    await resetCalls();

    await moveTo(b, first, "After");
    await runPush(b.business.id, "CLIENT_CHANGE", inlineStep);
    await moveTo(b, second, "Second");
    await runPush(b.business.id, "CLIENT_CHANGE", inlineStep);

    // Two pushes, two imports, no look at either.
    expect(await calls()).toEqual({ "POST /v3/activities/contacts_json_import": 2 });
    const sent = await runsOf(b.business.id);
    expect(sent.map((r) => [r.status, r.apiCalls, r.sent, r.awaitingBatchIds.length])).toEqual([
      ["SENT", 1, 1, 1],
      // The first client, unchanged since its import was sent, is not sent again while its answer is awaited.
      ["SENT", 1, 1, 1],
    ]);
    expect(sent.every((r) => r.finishedAt === null)).toBe(true);
    // Sent, not yet confirmed: still queued, and the owner reads them as sent, not as waiting to be sent.
    expect(await pending(b.connectionId)).toBe(2);
    expect((await syncStatus(b.ownerCtx, "CONSTANT_CONTACT")).nextWork).toMatchObject({
      pendingChanges: 0,
      sentAwaitingAnswer: 2,
    });

    await resetCalls();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const pulledAt = new Date();
    await pull(b.connectionId);
    const pulled = await calls();
    // One look at both imports, besides the pull's own unsubscribe scan and campaign look.
    expect(pulled["GET /v3/activities"]).toBe(1);
    expect(pulled["GET /v3/activities/{activity_id}"]).toBeUndefined();
    const settled = await runsOf(b.business.id);
    expect(settled.map((r) => [r.status, r.awaitingBatchIds.length])).toEqual([
      ["SUCCEEDED", 0],
      ["SUCCEEDED", 0],
    ]);
    expect(settled.every((r) => r.finishedAt !== null)).toBe(true);
    expect(await pending(b.connectionId)).toBe(0);
    expect((await syncStatus(b.ownerCtx, "CONSTANT_CONTACT")).nextWork).toMatchObject({ sentAwaitingAnswer: 0 });
    // In the list since its push sent it, not since the pull read the answer (the Platform page's change-to-list).
    const states = await db.clientSyncState.findMany({ where: { connectionId: b.connectionId } });
    expect(states.map((x) => x.lastSentAt!.getTime() < pulledAt.getTime())).toEqual([true, true]);
    const contacts = await ccContacts(env, b.accountEmail, "&list=Newsletter");
    expect(contacts.map((c) => c.city).sort()).toEqual(["After", "Second"]);
    // The pull's run counts the look as its own call.
    const pullRun = await db.syncRun.findFirstOrThrow({
      where: { businessId: b.business.id, kind: "UNSUBSCRIBE_PULL" },
    });
    expect(pullRun.apiCalls).toBe(Object.values(pulled).reduce((sum, n) => sum + n, 0));
  });

  it("keeps a run SENT while its import is still being processed, for the next pull", async () => {
    const { b, first } = await syncedBusiness();
    await moveTo(b, first, "Slow");
    // Constant Contact takes 1.5 s over this import: the first pull finds it processing, the next one done.
    await control(env.sandbox.url, "/config", { importDelayMs: 1_500 });
    try {
      await runPush(b.business.id, "CLIENT_CHANGE", inlineStep);
      await pull(b.connectionId);
      expect((await runsOf(b.business.id)).map((r) => [r.status, r.awaitingBatchIds.length])).toEqual([["SENT", 1]]);
    } finally {
      await control(env.sandbox.url, "/config", { importDelayMs: 40 });
    }
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    await pull(b.connectionId);
    expect((await runsOf(b.business.id)).map((r) => r.status)).toEqual(["SUCCEEDED"]);
    expect(await pending(b.connectionId)).toBe(0);
  });

  it("Sync now and a quiet day look at once, as ever; a disconnect cancels what was awaiting an answer", async () => {
    const { b, first } = await syncedBusiness();
    await moveTo(b, first, "Now");
    await resetCalls();
    // The import done by the first look (40 ms of processing raced the inline step's 30 ms pause and the push's own
    // bookkeeping): what is asserted is that Sync now looks, not how soon the sandbox answers.
    await control(env.sandbox.url, "/config", { importDelayMs: 0 });
    try {
      await runPush(b.business.id, "MANUAL", inlineStep);
    } finally {
      await control(env.sandbox.url, "/config", { importDelayMs: 40 });
    }
    expect(await calls()).toMatchObject({
      "POST /v3/activities/contacts_json_import": 1,
      "GET /v3/activities/{activity_id}": 1,
    });
    expect(await pending(b.connectionId)).toBe(0);

    await moveTo(b, first, "Later");
    await runPush(b.business.id, "CLIENT_CHANGE", inlineStep);
    expect((await runsOf(b.business.id)).at(-1)!.status).toBe("SENT");
    await endConnection(b.ownerCtx, "CONSTANT_CONTACT");
    expect((await runsOf(b.business.id)).at(-1)).toMatchObject({ status: "CANCELLED" });
  });
});
