import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { connectionDisconnected, pushRequested, unsubscribePullRequested } from "@/lib/jobs/events";
import { createTestClient } from "@/prisma/seed/factories";
import { control } from "@/tests/support/cc-sandbox";
import { connectedBusiness } from "@/tests/support/connected-business";
import { ccContacts, startSyncSandbox, type SyncSandbox } from "@/tests/support/sync-sandbox";
import { createLocalRunner, type DebounceClock } from "./local-runner";
import { pendingCount } from "@/tests/support/client-fixtures";

let env: SyncSandbox;
beforeAll(async () => {
  env = await startSyncSandbox();
});
afterAll(() => env.sandbox.close());

const quiet = () => {};

/** The debounce's clock, moved by hand: a timer fires only when the test advances time past it. */
function manualClock(): DebounceClock & { advance(ms: number): void } {
  let now = 0;
  const timers = new Set<{ at: number; fn: () => void }>();
  return {
    now: () => now,
    setTimeout: (fn, ms) => {
      const timer = { at: now + ms, fn };
      timers.add(timer);
      return timer;
    },
    clearTimeout: (handle) => void timers.delete(handle as { at: number; fn: () => void }),
    advance(ms) {
      now += ms;
      for (const timer of [...timers].sort((x, y) => x.at - y.at)) {
        if (timer.at > now) continue;
        timers.delete(timer);
        timer.fn();
      }
    },
  };
}

describe("local runner", () => {
  it("sends a burst of changes inside the debounce window in one run, and a change after it in a second", async () => {
    const b = await connectedBusiness(env);
    const clock = manualClock();
    const runner = createLocalRunner({ debounceMs: 1_000, debounceClock: clock, log: quiet });
    const runsOf = () => db.syncRun.findMany({ where: { businessId: b.business.id }, orderBy: { startedAt: "asc" } });
    const inList = async () => (await ccContacts(env, b.accountEmail, "&list=Newsletter")).map((c) => c.email).sort();
    /** One client created and its change event sent; a run the event started (none in the window) ends first. */
    const change = async () => {
      const client = await createTestClient(db, b.business.id, { newsOptIn: true });
      await runner.dispatch(
        pushRequested.create({ connectionId: b.connectionId, businessId: b.business.id, trigger: "CLIENT_CHANGE" }),
      );
      await runner.settled();
      return client.emailNormalized!;
    };
    await control(env.sandbox.url, "/calls/reset", {});
    const burst: string[] = [];
    for (let i = 0; i < 3; i++) {
      burst.push(await change());
      clock.advance(400);
    }
    // 1.2 s after the first change but 0.4 s after the last: the window is still open and nothing went out.
    expect(await runsOf()).toHaveLength(0);
    expect(await inList()).toEqual([]);
    clock.advance(600);
    await runner.idle();
    expect(await runsOf()).toMatchObject([{ status: "SUCCEEDED", sent: 3 }]);
    expect(await inList()).toEqual([...burst].sort());
    const imports = async () =>
      ((await control(env.sandbox.url, "/calls")).calls as Record<string, number>)[
        "POST /v3/activities/contacts_json_import"
      ];
    expect(await imports()).toBe(1);

    // A change after the window is a run of its own, once its own window has passed.
    const late = await change();
    expect(await runsOf()).toHaveLength(1);
    clock.advance(1_000);
    await runner.idle();
    expect(await runsOf()).toMatchObject([{ sent: 3 }, { status: "SUCCEEDED", sent: 1 }]);
    expect(await inList()).toEqual([...burst, late].sort());
    expect(await imports()).toBe(2);
    runner.stop();
  });

  it("retries a failing step with backoff, then succeeds", async () => {
    const b = await connectedBusiness(env);
    await createTestClient(db, b.business.id, { newsOptIn: true });
    // More consecutive failures than the API client's own retries: the step itself must be retried.
    await control(env.sandbox.url, "/faults", {
      kind: "500",
      count: 6,
      pathPrefix: "/v3/activities/contacts_json_import",
    });
    const runner = createLocalRunner({ debounceMs: 0, retryBaseMs: 10, log: quiet });
    await runner.dispatch(
      pushRequested.create({ connectionId: b.connectionId, businessId: b.business.id, trigger: "MANUAL" }),
    );
    await runner.idle();
    expect(await db.syncRun.findFirstOrThrow({ where: { businessId: b.business.id } })).toMatchObject({
      status: "SUCCEEDED",
      sent: 1,
    });
    await control(env.sandbox.url, "/faults", undefined, "DELETE");
    runner.stop();
  });

  it("counts a pull whose steps are retried through an outage as one run, with its attempts and every API call", async () => {
    const b = await connectedBusiness(env);
    await control(env.sandbox.url, "/calls/reset", {});
    // Constant Contact answers 503 to every contacts request for longer than the API client's own retries and
    // all the step's retries: each attempt fails.
    await control(env.sandbox.url, "/faults", { kind: "503", durationMs: 60_000, pathPrefix: "/v3/contacts" });
    const runner = createLocalRunner({ debounceMs: 0, stepRetries: 2, retryBaseMs: 10, log: quiet });
    await runner.dispatch(unsubscribePullRequested.create({ connectionId: b.connectionId, trigger: "SCHEDULE" }));
    await runner.idle();
    await control(env.sandbox.url, "/faults", undefined, "DELETE");
    const calls = (await control(env.sandbox.url, "/calls")) as { total: number; calls: Record<string, number> };
    const runs = await db.syncRun.findMany({ where: { businessId: b.business.id, kind: "UNSUBSCRIBE_PULL" } });
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: "FAILED", attempts: 3, apiCalls: calls.calls["GET /v3/contacts"] });
    expect(runs[0]!.apiCalls).toBe(calls.total); // no other call was made (the token was fresh)
    expect(runs[0]!.apiCalls).toBeGreaterThan(3);
    expect(runs[0]!.error).toMatch(/503|could not|unavailable/i);
    runner.stop();
  });

  it("keeps one run when the outage clears during the step's retries, and it succeeds", async () => {
    const b = await connectedBusiness(env);
    await control(env.sandbox.url, "/calls/reset", {});
    await control(env.sandbox.url, "/faults", { kind: "503", count: 6, pathPrefix: "/v3/contacts" });
    const runner = createLocalRunner({ debounceMs: 0, retryBaseMs: 10, log: quiet });
    await runner.dispatch(unsubscribePullRequested.create({ connectionId: b.connectionId, trigger: "MANUAL" }));
    await runner.idle();
    const calls = (await control(env.sandbox.url, "/calls")) as { total: number };
    const runs = await db.syncRun.findMany({ where: { businessId: b.business.id, kind: "UNSUBSCRIBE_PULL" } });
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: "SUCCEEDED", error: null, apiCalls: calls.total });
    expect(runs[0]!.attempts).toBeGreaterThan(1);
    runner.stop();
  });

  it("cancels a connection's running push when it disconnects, and sends nothing more", async () => {
    const b = await connectedBusiness(env);
    await createTestClient(db, b.business.id, { newsOptIn: true });
    // Constant Contact is slow to accept the import; the owner disconnects meanwhile.
    await control(env.sandbox.url, "/faults", {
      kind: "delay",
      delayMs: 400,
      count: 1,
      pathPrefix: "/v3/activities/contacts_json_import",
    });
    await control(env.sandbox.url, "/calls/reset", {});
    const calls = async () => (await control(env.sandbox.url, "/calls")).calls as Record<string, number>;
    const runner = createLocalRunner({ debounceMs: 0, log: quiet });
    await runner.dispatch(
      pushRequested.create({ connectionId: b.connectionId, businessId: b.business.id, trigger: "MANUAL" }),
    );
    // The disconnect arrives while Constant Contact is still holding the import request.
    await expect
      .poll(async () => (await calls())["POST /v3/activities/contacts_json_import"] ?? 0, {
        timeout: 5_000,
        interval: 10,
      })
      .toBe(1);
    await runner.dispatch(connectionDisconnected.create({ connectionId: b.connectionId }));
    await runner.idle();
    // Counted from before the run: the import went out, and after the cancel not one look at its activity.
    expect(await calls()).toEqual({ "POST /v3/activities/contacts_json_import": 1 });
    // The import that was already accepted stays pending in our books (it will be confirmed after a reconnect).
    expect(await pendingCount(b.business.id)).toBe(1);
    runner.stop();
  });

  it("runs a cron job once per interval across processes, not once per process", async () => {
    let ticks = 0;
    const job = {
      id: `cron-test-${crypto.randomUUID()}`,
      events: [],
      cron: { expression: "* * * * *", everyMs: 300 },
      oneAtATime: {},
      handler: async () => void ticks++,
    };
    // Three runners on one database, as three app processes (each its own lock owner), ticking in step.
    const runners = [0, 1, 2].map(() => createLocalRunner({ jobs: [job], log: quiet }));
    runners.forEach((r) => r.startSchedules());
    await new Promise((resolve) => setTimeout(resolve, 1_650));
    runners.forEach((r) => r.stop());
    await Promise.all(runners.map((r) => r.settled()));
    // Five intervals have passed: one tick each (a timer late by a few ms may make it four or six), not fifteen.
    expect(ticks).toBeGreaterThanOrEqual(4);
    expect(ticks).toBeLessThanOrEqual(6);
  });
});
