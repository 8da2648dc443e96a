import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { connectionDisconnected, pushRequested, unsubscribePullRequested } from "@/lib/jobs/events";
import { createTestClient } from "@/prisma/seed/factories";
import { control } from "@/tests/support/cc-sandbox";
import { connectedBusiness } from "@/tests/support/connected-business";
import { ccContacts, startSyncSandbox, type SyncSandbox } from "@/tests/support/sync-sandbox";
import { createLocalRunner } from "./local-runner";
import { pendingCount } from "@/tests/support/client-fixtures";

let env: SyncSandbox;
beforeAll(async () => {
  env = await startSyncSandbox();
});
afterAll(() => env.sandbox.close());

const quiet = () => {};

describe("local runner", () => {
  it("turns a burst of change events into one debounced run", async () => {
    const b = await connectedBusiness(env);
    await createTestClient(db, b.business.id, { newsOptIn: true });
    const runner = createLocalRunner({ debounceMs: 100, log: quiet });
    for (let i = 0; i < 5; i++)
      await runner.dispatch(
        pushRequested.create({ connectionId: b.connectionId, businessId: b.business.id, trigger: "CLIENT_CHANGE" }),
      );
    await runner.idle();
    expect(await db.syncRun.count({ where: { businessId: b.business.id } })).toBe(1);
    expect(await ccContacts(env, b.accountEmail, "&list=Newsletter")).toHaveLength(1);
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
});
