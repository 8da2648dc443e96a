import { InngestTestEngine } from "@inngest/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { dailyCaps } from "@/lib/integrations/constant-contact/budget-policy";
import { pushNowRequested, pushRequested } from "@/lib/jobs/events";
import { currentPushPlan, planOfTheMinute, processPlans, waitBeforePush } from "@/lib/sync/push-pace";
import { PLAN_STEP_MINUTES } from "@/lib/sync/push-plan";
import { syncStatus } from "@/lib/sync/status/sync-status";
import { createTestClient } from "@/prisma/seed/factories";
import { connectedBusiness } from "@/tests/support/connected-business";
import { statementsOf } from "@/tests/support/statements-of";
import { withOwnDatabase } from "@/tests/support/own-database";
import { ccContacts, startSyncSandbox, type SyncSandbox } from "@/tests/support/sync-sandbox";
import { functions, PLAN_WAIT_STEP, PLANNED_WAIT_STEP } from "./index";
import { createLocalRunner } from "./local-runner";

// The sandbox first: its settings are in the environment before anything reads (and keeps) them.
let env: SyncSandbox;
beforeAll(async () => {
  env = await startSyncSandbox();
});
afterAll(() => env.sandbox.close());
// The push plan is platform-wide (the day's ledger, every connection's pushes): this file has a database of its own.
withOwnDatabase("plan");

const quiet = () => {};
const LEFT_OF_THE_WAIT_MS = 8_000;

/**
 * A connected business with its clients queued, on a day whose planned budget is spent (the margin is not): the
 * plan batches changes (the margin fits this one connection's pace at its first step, PLAN_STEP_MINUTES between a
 * connection's pushes), and this connection's last push started that long ago less LEFT_OF_THE_WAIT_MS.
 */
async function busyDay(now = new Date()) {
  const b = await connectedBusiness(env);
  await createTestClient(db, b.business.id, { newsOptIn: true });
  const hour = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000);
  const caps = dailyCaps(Number(process.env.CC_DAILY_CALL_BUDGET ?? 10_000));
  await db.apiCallLedger.deleteMany({}); // this file's own database: the day is what each test makes it
  await db.apiCallLedger.create({
    data: { hour, provider: "CONSTANT_CONTACT", kind: "PUSH", businessId: b.business.id, calls: caps.planned },
  });
  const plan = await currentPushPlan("CONSTANT_CONTACT", now);
  expect(plan?.waitMinutes).toBe(PLAN_STEP_MINUTES);
  await db.syncRun.create({
    data: {
      businessId: b.business.id,
      connectionId: b.connectionId,
      kind: "DELTA",
      trigger: "CLIENT_CHANGE",
      status: "SUCCEEDED",
      apiCalls: 2,
      startedAt: new Date(now.getTime() - PLAN_STEP_MINUTES * 60_000 + LEFT_OF_THE_WAIT_MS),
      finishedAt: new Date(now.getTime() - (PLAN_STEP_MINUTES - 1) * 60_000),
    },
  });
  return b;
}

const runsOf = (businessId: string) =>
  db.syncRun.findMany({
    where: { businessId },
    orderBy: { startedAt: "asc" },
    select: { trigger: true, startedAt: true, status: true },
  });

describe("the push plan in the jobs", () => {
  it("makes a client change wait for the planned time, and changes made meanwhile go in that one run", async () => {
    const b = await busyDay();
    const runner = createLocalRunner({ debounceMs: 50, log: quiet });
    const request = { connectionId: b.connectionId, businessId: b.business.id, trigger: "CLIENT_CHANGE" } as const;
    const asked = Date.now();
    await runner.dispatch(pushRequested.create(request));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await runsOf(b.business.id)).toHaveLength(1); // only the seeded run: the change is waiting
    expect(await ccContacts(env, b.accountEmail, "&list=Newsletter")).toHaveLength(0);

    const later = await createTestClient(db, b.business.id, { newsOptIn: true });
    await runner.dispatch(pushRequested.create(request));
    await runner.idle();
    const runs = await runsOf(b.business.id);
    expect(runs.map((r) => [r.trigger, r.status])).toEqual([
      ["CLIENT_CHANGE", "SUCCEEDED"],
      ["CLIENT_CHANGE", "SUCCEEDED"],
    ]);
    expect(runs[1]!.startedAt.getTime() - asked).toBeGreaterThanOrEqual(LEFT_OF_THE_WAIT_MS - 1_000);
    const listed = (await ccContacts(env, b.accountEmail, "&list=Newsletter")).map((c) => c.email);
    expect(listed).toHaveLength(2);
    expect(listed).toContain(later.emailNormalized);
    runner.stop();
  });

  it("lets Sync now go at once while a client change waits for the plan", async () => {
    const b = await busyDay();
    const runner = createLocalRunner({ debounceMs: 50, log: quiet });
    const request = { connectionId: b.connectionId, businessId: b.business.id };
    const asked = Date.now();
    await runner.dispatch(pushRequested.create({ ...request, trigger: "CLIENT_CHANGE" }));
    await new Promise((resolve) => setTimeout(resolve, 500));
    // Not held behind the waiting run, which does not hold the connection's key while it waits.
    await runner.dispatch(pushNowRequested.create({ ...request, trigger: "MANUAL" }));
    await expect
      .poll(async () => (await runsOf(b.business.id)).some((r) => r.trigger === "MANUAL"), { timeout: 3_000 })
      .toBe(true);
    expect(Date.now() - asked).toBeLessThan(LEFT_OF_THE_WAIT_MS / 2);
    expect((await runsOf(b.business.id)).filter((r) => r.trigger === "CLIENT_CHANGE")).toHaveLength(1); // the seed
    runner.stop();
  });

  it("sleeps the planned wait as a step in Inngest before the run's work", async () => {
    const b = await busyDay();
    const push = functions.find((f) => f.opts.id === "push")!;
    const slept: number[] = [];
    const t = new InngestTestEngine({
      function: push,
      events: [
        {
          name: "sync/push.requested",
          data: { connectionId: b.connectionId, businessId: b.business.id, trigger: "CLIENT_CHANGE" },
        },
      ],
      steps: [
        { id: PLANNED_WAIT_STEP, handler: () => undefined },
        ...Array.from({ length: 40 }, (_, poll) => ({ id: `wait-0-${poll}`, handler: () => undefined })),
      ],
    });
    const { ctx } = await t.execute();
    const runIds = (ctx.step.run as unknown as { mock: { calls: [string][] } }).mock.calls.map((c) => c[0]);
    const sleeps = (ctx.step.sleep as unknown as { mock: { calls: [string, number][] } }).mock.calls;
    slept.push(...sleeps.filter((c) => c[0] === PLANNED_WAIT_STEP).map((c) => c[1]));
    expect(runIds.slice(0, 2)).toEqual([PLAN_WAIT_STEP, "start-run"]);
    expect(slept).toHaveLength(1);
    expect(slept[0]).toBeGreaterThan(0);
    expect(slept[0]).toBeLessThanOrEqual(LEFT_OF_THE_WAIT_MS);
  });

  it("never plans a wait for Sync now", async () => {
    const b = await busyDay();
    const pushNow = functions.find((f) => f.opts.id === "push-now")!;
    const t = new InngestTestEngine({
      function: pushNow,
      events: [
        { name: "sync/push.now", data: { connectionId: b.connectionId, businessId: b.business.id, trigger: "MANUAL" } },
      ],
      steps: Array.from({ length: 40 }, (_, poll) => ({ id: `wait-0-${poll}`, handler: () => undefined })),
    });
    const { ctx } = await t.execute();
    const runIds = (ctx.step.run as unknown as { mock: { calls: [string][] } }).mock.calls.map((c) => c[0]);
    expect(runIds[0]).toBe("start-run");
    expect(runIds).not.toContain(PLAN_WAIT_STEP);
  });
});

describe("the push plan in the owner's status", () => {
  it("says how often changes are sent on a busy day, and nothing on a quiet one", async () => {
    const b = await busyDay();
    expect((await syncStatus(b.ownerCtx, "CONSTANT_CONTACT")).changesSentEveryMinutes).toBe(PLAN_STEP_MINUTES);
    await db.apiCallLedger.deleteMany({});
    expect((await syncStatus(b.ownerCtx, "CONSTANT_CONTACT")).changesSentEveryMinutes).toBeNull();
  });
});

describe("the push plan of a change-driven push", () => {
  it("is made at most once a minute in a process: a quieter day counts from the next minute's plan", async () => {
    // Noon (UTC) today, not the clock: no wait runs past midnight, when the day's budget starts again, so within the
    // plan's wait of midnight the wait left is shorter than planned (this test failed at 23:57).
    const today = new Date();
    const now = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate(), 12));
    const b = await busyDay(now);
    // The connection's last push started half the plan's wait ago: half of it is left.
    const halfMs = (PLAN_STEP_MINUTES * 60_000) / 2;
    await db.syncRun.updateMany({
      where: { connectionId: b.connectionId },
      data: { startedAt: new Date(now.getTime() - halfMs) },
    });
    const request = { connectionId: b.connectionId, businessId: b.business.id, trigger: "CLIENT_CHANGE" } as const;
    const first = await waitBeforePush(request, now);
    expect(first).toBeGreaterThan(halfMs - 1_000);
    await db.apiCallLedger.deleteMany({}); // a quiet day now: a plan made afresh is the debounce, long over
    expect(await waitBeforePush(request, new Date(now.getTime() + 10_000))).toBe(first - 10_000);
    expect(await waitBeforePush(request, new Date(now.getTime() + 70_000))).toBe(0);
  });

  it("is shared by the app's processes: one made within the minute is read, not made again", async () => {
    await busyDay();
    await db.pushPlanOfTheMinute.deleteMany({});
    processPlans.clear();
    const now = new Date();
    const made = await planOfTheMinute("CONSTANT_CONTACT", now);
    expect(made!.waitMinutes).toBe(PLAN_STEP_MINUTES);
    await db.apiCallLedger.deleteMany({}); // a quiet day now: a plan made afresh would be the debounce
    // Another process (an empty copy of its own) reads the one made 10 s ago, in one statement.
    processPlans.clear();
    let read: unknown;
    const statements = await statementsOf(async () => {
      read = await planOfTheMinute("CONSTANT_CONTACT", new Date(now.getTime() + 10_000));
    });
    expect(read).toEqual(made);
    expect(statements).toHaveLength(1);
    // Past the minute it is made again from the day as it is, and shared again: once, however many ask at once.
    processPlans.clear();
    const later = new Date(now.getTime() + 70_000);
    let plans: unknown[] = [];
    const making = await statementsOf(async () => {
      plans = await Promise.all([1, 2, 3].map(() => planOfTheMinute("CONSTANT_CONTACT", later)));
    });
    expect(plans.map((plan) => (plan as { waitMinutes: number }).waitMinutes)).toEqual([1, 1, 1]);
    expect(making.filter((statement) => statement.includes('"pushesLastDay"'))).toHaveLength(1);
    expect(await db.pushPlanOfTheMinute.findUniqueOrThrow({ where: { provider: "CONSTANT_CONTACT" } })).toMatchObject({
      madeAt: later,
      plan: expect.objectContaining({ waitMinutes: 1 }),
    });
    // A provider without a daily budget has no plan, and shares none.
    expect(await planOfTheMinute("MAILCHIMP", now)).toBeNull();
    expect(await db.pushPlanOfTheMinute.count({ where: { provider: "MAILCHIMP" } })).toBe(0);
  });
});
