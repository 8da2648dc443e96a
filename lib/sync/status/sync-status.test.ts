import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db";
import { createTestClient } from "../../../prisma/seed/factories";
import { runPush } from "@/tests/support/run-push";
import { requestManualSync, retryFailedClients } from "../manual";
import { connectedBusiness } from "@/tests/support/connected-business";
import { inlineStep } from "@/tests/support/inline-step";
import { startSyncSandbox, type SyncSandbox } from "@/tests/support/sync-sandbox";
import { dailyTotals, failedClientsPage, syncRunsPage } from "./sync-history";
import { attentionOf, syncStatus } from "./sync-status";
import { isPending } from "@/tests/support/client-fixtures";

const CC = "CONSTANT_CONTACT" as const;

let env: SyncSandbox;
beforeAll(async () => {
  env = await startSyncSandbox();
});
afterAll(() => env.sandbox.close());

describe("sync status", () => {
  it("counts clients by what the provider holds for them", async () => {
    const b = await connectedBusiness(env);
    for (let i = 0; i < 3; i++) await createTestClient(db, b.business.id, { newsOptIn: true });
    await createTestClient(db, b.business.id, { newsOptIn: false });
    await createTestClient(db, b.business.id, { email: null });
    await createTestClient(db, b.business.id, { email: `${"x".repeat(50)}@example.test`, newsOptIn: true });
    const before = await syncStatus(b.ownerCtx, CC);
    expect(before.counts).toEqual({
      inList: 0,
      pending: 4,
      failed: 0,
      notOptedIn: 2,
      unsubscribedInProvider: 0,
      withoutEmail: 1,
      bouncing: 0,
    });

    await runPush(b.business.id, "LIST_SAVED", inlineStep);
    const after = await syncStatus(b.ownerCtx, CC);
    expect(after.counts).toEqual({
      inList: 3,
      pending: 0,
      failed: 1,
      notOptedIn: 2,
      unsubscribedInProvider: 0,
      withoutEmail: 1,
      bouncing: 0,
    });
    expect(after.connection).toMatchObject({ status: "ACTIVE", listName: "Newsletter" });
    expect(after.lastSuccessfulSyncAt).not.toBeNull();
    expect(after.running).toBeNull();
    expect(after.attention).toBeNull();

    const history = await syncRunsPage(b.ownerCtx, CC, null);
    expect(history.runs[0]).toMatchObject({
      kind: "FULL",
      trigger: "LIST_SAVED",
      status: "PARTIAL",
      sent: 3,
      failed: 1,
    });
    // A mangled cursor (NUL inside its position included) shows the newest runs, never an error.
    const nul = Buffer.from(JSON.stringify([new Date().toISOString(), "\u0000"])).toString("base64url");
    for (const mangled of ["\u0000", "garbage", nul, ["a", "b"]])
      expect((await syncRunsPage(b.ownerCtx, CC, mangled)).runs).toEqual(history.runs);
    const days = await dailyTotals(b.ownerCtx, CC, b.business.timeZone);
    expect(days).toHaveLength(30);
    expect(days.at(-1)).toMatchObject({ sent: 3, failed: 1 });
    const failures = await failedClientsPage(b.ownerCtx, CC);
    expect(failures.total).toBe(1);
    expect(failures.clients[0]!.lastError).toContain("at most 50");
  });

  it("counts as bouncing only this business's clients whose current address bounced on this connection", async () => {
    const b = await connectedBusiness(env);
    const other = await connectedBusiness(env);
    const bounced = await createTestClient(db, b.business.id, { email: "gone@example.test", newsOptIn: true });
    await createTestClient(db, b.business.id, { email: "fine@example.test", newsOptIn: true });
    // Same address at another business, and a bounce of an address no client of b has.
    await createTestClient(db, other.business.id, { email: "gone@example.test", newsOptIn: true });
    const bounce = { kind: "NON_EXISTENT" as const, bouncedAt: new Date() };
    await db.emailBounce.createMany({
      data: [
        { ...bounce, connectionId: b.connectionId, businessId: b.business.id, email: "gone@example.test" },
        { ...bounce, connectionId: b.connectionId, businessId: b.business.id, email: "stranger@example.test" },
      ],
    });
    expect((await syncStatus(b.ownerCtx, CC)).counts.bouncing).toBe(1);
    expect((await syncStatus(other.ownerCtx, CC)).counts.bouncing).toBe(0);

    // A new address says nothing about the old one's bounce.
    await db.client.update({
      where: { id: bounced.id },
      data: { email: "new@example.test", emailNormalized: "new@example.test" },
    });
    expect((await syncStatus(b.ownerCtx, CC)).counts.bouncing).toBe(0);
  });

  it("retries failed clients of this business only, and audits it", async () => {
    const b = await connectedBusiness(env);
    const other = await connectedBusiness(env);
    await createTestClient(db, b.business.id, { email: `${"y".repeat(50)}@example.test`, newsOptIn: true });
    await runPush(b.business.id, "LIST_SAVED", inlineStep);
    const [failed] = (await failedClientsPage(b.ownerCtx, CC)).clients;
    await expect(retryFailedClients(other.ownerCtx, { provider: CC, clientId: failed!.clientId })).rejects.toThrow(
      "Not found",
    );
    expect(await retryFailedClients(b.staffCtx, { provider: CC })).toEqual({ retried: 1 });
    expect(await isPending(failed!.clientId)).toBe(true);
    expect(await db.auditLog.count({ where: { businessId: b.business.id, action: "sync.retry_requested" } })).toBe(1);
  });

  it("refuses Sync now while a run is in progress or without a list, and audits an accepted one", async () => {
    const b = await connectedBusiness(env);
    await requestManualSync(b.staffCtx, CC);
    expect(await db.auditLog.count({ where: { businessId: b.business.id, action: "sync.requested_manually" } })).toBe(
      1,
    );
    await db.syncRun.create({
      data: { businessId: b.business.id, connectionId: b.connectionId, kind: "DELTA", trigger: "MANUAL" },
    });
    await expect(requestManualSync(b.staffCtx, CC)).rejects.toThrow("A sync is already running.");
    const unconnected = await (await import("@/tests/support/test-business")).testBusiness();
    await expect(requestManualSync(unconnected.ownerCtx, CC)).rejects.toThrow(
      "Connect Constant Contact and choose a list first.",
    );
  });

  it("counts the chart's days in the business's zone and marks runs that did not do their work", async () => {
    const b = await connectedBusiness(env);
    await db.business.update({ where: { id: b.business.id }, data: { timeZone: "America/Los_Angeles" } });
    const now = new Date("2026-11-28T12:00:00Z"); // 04:00 on Nov 28 in Los Angeles
    const run = (startedAt: string, status: "SUCCEEDED" | "CANCELLED" | "FAILED", sent: number) =>
      db.syncRun.create({
        data: {
          businessId: b.business.id,
          connectionId: b.connectionId,
          kind: "DELTA",
          trigger: "MANUAL",
          status,
          sent,
          startedAt: new Date(startedAt),
          finishedAt: new Date(startedAt),
        },
      });
    await run("2026-11-28T06:34:00Z", "CANCELLED", 125); // Nov 27, 10:34 PM in Los Angeles, Nov 28 in UTC
    await run("2026-11-28T07:30:00Z", "SUCCEEDED", 4); // Nov 27, 11:30 PM
    await run("2026-11-28T08:30:00Z", "FAILED", 0); // Nov 28, 00:30 AM
    const days = await dailyTotals(b.ownerCtx, CC, "America/Los_Angeles", 30, now);
    expect(days).toHaveLength(30);
    expect(days.at(-1)).toEqual({ day: "2026-11-28", sent: 0, failed: 0, problemRuns: 1 });
    expect(days.at(-2)).toEqual({ day: "2026-11-27", sent: 129, failed: 0, problemRuns: 1 });
    expect(days[0]!.day).toBe("2026-10-30");
  });

  it("says what needs attention", () => {
    const now = new Date("2026-11-26T10:00:00Z");
    expect(
      attentionOf({ provider: CC, status: "NEEDS_RECONNECT", quotaPausedUntil: null, lastUnsubscribePullAt: null }, now)
        ?.kind,
    ).toBe("reconnect");
    expect(
      attentionOf(
        {
          provider: CC,
          status: "ACTIVE",
          quotaPausedUntil: new Date("2026-11-27T00:00:00Z"),
          lastUnsubscribePullAt: null,
        },
        now,
      ),
    ).toMatchObject({
      kind: "quota_paused",
      message: expect.stringContaining("resumes"),
      resumesAt: "2026-11-27T00:00:00.000Z",
    });
    expect(
      attentionOf(
        {
          provider: CC,
          status: "ACTIVE",
          quotaPausedUntil: new Date("2026-11-26T09:00:00Z"),
          lastUnsubscribePullAt: null,
        },
        now,
      ),
    ).toBeNull();
  });
});
