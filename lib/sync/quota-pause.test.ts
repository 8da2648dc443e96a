import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "../db";
import { runPush } from "@/tests/support/run-push";
import { createTestClient } from "../../prisma/seed/factories";
import { control } from "@/tests/support/cc-sandbox";
import { connectedBusiness } from "@/tests/support/connected-business";
import { inlineStep } from "@/tests/support/inline-step";
import { withOwnDatabase } from "@/tests/support/own-database";
import { ccContacts, startSyncSandbox, type SyncSandbox } from "@/tests/support/sync-sandbox";
import { dueUnsubscribePulls } from "./pull";
import { pendingCount } from "@/tests/support/client-fixtures";

// quota_exceeded pauses every connection of the platform: in a database of its own, so that pausing "every
// connection" cannot make other test files' syncs skip their work.
let env: SyncSandbox;
beforeAll(async () => {
  env = await startSyncSandbox(); // first: it sets the Constant Contact env the app reads once
});
withOwnDatabase();
afterAll(async () => {
  vi.useRealTimers();
  await env.sandbox.close();
});

const sync = (businessId: string) => runPush(businessId, "LIST_SAVED", inlineStep);
const pending = (businessId: string) => pendingCount(businessId);

describe("Constant Contact's daily quota is spent", () => {
  it("pauses every connection until 00:00 UTC, keeping clients pending; after the reset both go out", async () => {
    const first = await connectedBusiness(env);
    const second = await connectedBusiness(env);
    const firstClients = await Promise.all(
      [0, 1].map(() => createTestClient(db, first.business.id, { newsOptIn: true })),
    );
    const secondClient = await createTestClient(db, second.business.id, { newsOptIn: true });

    await control(env.sandbox.url, "/faults", { kind: "quota_exceeded", count: 1, pathPrefix: "/v3/activities" });
    try {
      expect(await sync(first.business.id)).toMatchObject({ stopped: expect.stringContaining("quota") });
    } finally {
      await control(env.sandbox.url, "/faults", undefined, "DELETE");
    }
    expect(await db.syncRun.findFirstOrThrow({ where: { businessId: first.business.id } })).toMatchObject({
      status: "PAUSED",
    });

    // Both connections (every active one of the platform) wait for the same reset, 00:00 UTC next.
    const connections = await db.connection.findMany({ where: { status: "ACTIVE" } });
    expect(connections.map((c) => c.businessId).sort()).toEqual([first.business.id, second.business.id].sort());
    const resetAt = connections[0]!.quotaPausedUntil!;
    expect(resetAt.toISOString()).toMatch(/T00:00:00\.000Z$/);
    expect(resetAt.getTime() - Date.now()).toBeGreaterThan(0);
    expect(resetAt.getTime() - Date.now()).toBeLessThanOrEqual(24 * 60 * 60 * 1000);
    expect(connections.every((c) => c.quotaPausedUntil?.getTime() === resetAt.getTime())).toBe(true);

    // The other business does no work until then, and no unsubscribe pull is due.
    expect(await sync(second.business.id)).toEqual({ skipped: "paused until the provider's daily budget resets" });
    expect(await pending(first.business.id)).toBe(2);
    expect(await pending(second.business.id)).toBe(1);
    expect(await dueUnsubscribePulls({ tickMinutes: 5 })).toEqual([]);

    // Past midnight UTC (the app's clock and the sandbox's, which reads the same Date): both resume.
    // The clock keeps running from there (the shared limiter paces calls by it).
    vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true });
    vi.setSystemTime(resetAt.getTime() + 1_000);
    expect((await dueUnsubscribePulls({ tickMinutes: 60 })).map((due) => due.connectionId).sort()).toEqual(
      [first.connectionId, second.connectionId].sort(),
    );
    expect(await sync(first.business.id)).toHaveProperty("runId");
    expect(await sync(second.business.id)).toHaveProperty("runId");
    expect((await ccContacts(env, first.accountEmail, "&list=Newsletter")).map((c) => c.email).sort()).toEqual(
      firstClients.map((c) => c.emailNormalized).sort(),
    );
    expect((await ccContacts(env, second.accountEmail, "&list=Newsletter")).map((c) => c.email)).toEqual([
      secondClient.emailNormalized,
    ]);
    expect(await pending(first.business.id)).toBe(0);
    expect(await pending(second.business.id)).toBe(0);
  });
});
