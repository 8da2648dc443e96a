import { InngestTestEngine } from "@inngest/test";
import type { InngestFunction } from "inngest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createTestClient } from "@/prisma/seed/factories";
import { connectedBusiness } from "@/tests/support/connected-business";
import { ccContacts, startSyncSandbox, type SyncSandbox } from "@/tests/support/sync-sandbox";
import { functions } from "./index";

let env: SyncSandbox;
beforeAll(async () => {
  env = await startSyncSandbox();
});
afterAll(() => env.sandbox.close());

// step.sleep pauses a real run; under the test engine each sleep is mocked by its id.
const sleeps = Array.from({ length: 5 }, (_, batch) =>
  Array.from({ length: 40 }, (_, poll) => ({ id: `wait-${batch}-${poll}`, handler: () => undefined })),
).flat();

const byId = (id: string) => {
  const fn = functions.find((f) => f.opts.id === id);
  if (!fn) throw new Error(`no function ${id}`);
  return fn;
};
const push = byId("push");
const pushNow = byId("push-now");

describe("push (Inngest function)", () => {
  it("declares the flow control the platform relies on", () => {
    // Read through Inngest's own options type, where every flow-control setting is optional.
    const opts: InngestFunction.Options = push.opts;
    const nowOpts: InngestFunction.Options = pushNow.opts;
    expect(opts.debounce).toMatchObject({ key: "event.data.connectionId" });
    expect(opts.concurrency).toMatchObject({ key: "'sync-' + event.data.connectionId", limit: 1, scope: "env" });
    // No throttle: the provider's limiter inside its API client is the one limiter.
    expect(opts.throttle).toBeUndefined();
    expect(opts.retries).toBe(5); // a failing step (5xx, timeouts) is retried with Inngest's backoff
    const cancelOn = opts.cancelOn?.[0];
    expect(cancelOn).toMatchObject({ match: "data.connectionId" });
    expect(typeof cancelOn?.event === "string" ? cancelOn.event : cancelOn?.event.name).toBe(
      "sync/connection.disconnected",
    );
    // "Sync now" shares the per-connection concurrency key but is not debounced.
    expect(nowOpts.debounce).toBeUndefined();
    expect(nowOpts.concurrency).toEqual(opts.concurrency);
  });

  it("runs start → send → wait/check → finish as steps and leaves the clients synced", async () => {
    const b = await connectedBusiness(env);
    const client = await createTestClient(db, b.business.id, { newsOptIn: true });
    const t = new InngestTestEngine({
      function: push,
      events: [
        {
          name: "sync/push.requested",
          data: { connectionId: b.connectionId, businessId: b.business.id, trigger: "LIST_SAVED" },
        },
      ],
      steps: sleeps,
    });
    const { result, ctx } = await t.execute();
    expect(result).toMatchObject({ runId: expect.any(String) });
    const stepIds = (ctx.step.run as unknown as { mock: { calls: [string][] } }).mock.calls.map((c) => c[0]);
    // The debounced push asks the day's plan first (a quiet day here: nothing to sleep).
    expect(stepIds.slice(0, 2)).toEqual(["plan-wait", "start-run"]);
    expect(stepIds).toContain("send-batch-0");
    expect(stepIds).toContain("check-import-0-0");
    expect(stepIds.at(-1)).toBe("finish-run");
    expect((await ccContacts(env, b.accountEmail, "&list=Newsletter")).map((c) => c.email)).toEqual([
      client.emailNormalized,
    ]);
    expect(await db.syncRun.findFirstOrThrow({ where: { businessId: b.business.id } })).toMatchObject({
      status: "SUCCEEDED",
      sent: 1,
    });
  });

  it("skips without opening a run when the connection is not active", async () => {
    const t = new InngestTestEngine({
      function: pushNow,
      events: [
        {
          name: "sync/push.now",
          data: {
            connectionId: "00000000-0000-4000-8000-000000000002",
            businessId: "00000000-0000-4000-8000-000000000001",
            trigger: "MANUAL",
          },
        },
      ],
    });
    const { result } = await t.execute();
    expect(result).toEqual({ skipped: "not connected to a list" });
  });
});
