import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db";
import { createTestClient } from "../../../prisma/seed/factories";
import { syncBusinessHandler } from "../../jobs/handlers/sync-business";
import { requestManualSync } from "../request-manual-sync";
import { retryFailedClients } from "../retry-failed";
import { connectedBusiness } from "@/tests/support/connected-business";
import { inlineStep } from "@/tests/support/inline-step";
import { startSyncSandbox, type SyncSandbox } from "@/tests/support/sync-sandbox";
import { dailyTotals, failedClientsPage, syncRunsPage } from "./sync-history";
import { attentionOf, syncStatus } from "./sync-status";

let env: SyncSandbox;
beforeAll(async () => {
  env = await startSyncSandbox();
});
afterAll(() => env.sandbox.close());

describe("sync status", () => {
  it("counts clients by what Constant Contact holds for them", async () => {
    const b = await connectedBusiness(env);
    for (let i = 0; i < 3; i++) await createTestClient(db, b.business.id, { newsOptIn: true });
    await createTestClient(db, b.business.id, { newsOptIn: false });
    await createTestClient(db, b.business.id, { email: null });
    await createTestClient(db, b.business.id, { email: `${"x".repeat(50)}@example.test`, newsOptIn: true });
    const before = await syncStatus(b.ownerCtx);
    expect(before.counts).toEqual({ inList: 0, pending: 4, failed: 0, notOptedIn: 2, unsubscribedInCc: 0, withoutEmail: 1 });

    await syncBusinessHandler({ event: { data: { businessId: b.business.id, trigger: "LIST_SAVED" } }, step: inlineStep });
    const after = await syncStatus(b.ownerCtx);
    expect(after.counts).toEqual({ inList: 3, pending: 0, failed: 1, notOptedIn: 2, unsubscribedInCc: 0, withoutEmail: 1 });
    expect(after.connection).toMatchObject({ status: "ACTIVE", listName: "Newsletter" });
    expect(after.lastSuccessfulSyncAt).not.toBeNull();
    expect(after.running).toBeNull();
    expect(after.attention).toBeNull();

    const history = await syncRunsPage(b.ownerCtx, null);
    expect(history.runs[0]).toMatchObject({ kind: "FULL", trigger: "LIST_SAVED", status: "PARTIAL", sent: 3, failed: 1 });
    // A mangled cursor (NUL inside its position included) shows the newest runs, never an error.
    const nul = Buffer.from(JSON.stringify([new Date().toISOString(), "\u0000"])).toString("base64url");
    for (const mangled of ["\u0000", "garbage", nul, ["a", "b"]]) expect((await syncRunsPage(b.ownerCtx, mangled)).runs).toEqual(history.runs);
    const days = await dailyTotals(b.ownerCtx);
    expect(days).toHaveLength(30);
    expect(days.at(-1)).toMatchObject({ sent: 3, failed: 1 });
    const failures = await failedClientsPage(b.ownerCtx);
    expect(failures.total).toBe(1);
    expect(failures.clients[0]!.lastError).toContain("at most 50");
  });

  it("retries failed clients of this business only, and audits it", async () => {
    const b = await connectedBusiness(env);
    const other = await connectedBusiness(env);
    await createTestClient(db, b.business.id, { email: `${"y".repeat(50)}@example.test`, newsOptIn: true });
    await syncBusinessHandler({ event: { data: { businessId: b.business.id, trigger: "LIST_SAVED" } }, step: inlineStep });
    const [failed] = (await failedClientsPage(b.ownerCtx)).clients;
    await expect(retryFailedClients(other.ownerCtx, { clientId: failed!.clientId })).rejects.toThrow("Not found");
    expect(await retryFailedClients(b.staffCtx, {})).toEqual({ retried: 1 });
    expect(await db.client.findUniqueOrThrow({ where: { id: failed!.clientId } })).toMatchObject({ syncPending: true });
    expect(await db.auditLog.count({ where: { businessId: b.business.id, action: "sync.retry_requested" } })).toBe(1);
  });

  it("refuses Sync now while a run is in progress or without a list, and audits an accepted one", async () => {
    const b = await connectedBusiness(env);
    await requestManualSync(b.staffCtx);
    expect(await db.auditLog.count({ where: { businessId: b.business.id, action: "sync.requested_manually" } })).toBe(1);
    await db.syncRun.create({ data: { businessId: b.business.id, connectionId: b.connectionId, kind: "DELTA", trigger: "MANUAL" } });
    await expect(requestManualSync(b.staffCtx)).rejects.toThrow("A sync is already running.");
    const unconnected = await (await import("@/tests/support/test-business")).testBusiness();
    await expect(requestManualSync(unconnected.ownerCtx)).rejects.toThrow("Connect Constant Contact and choose a list first.");
  });

  it("says what needs attention", () => {
    const now = new Date("2026-11-26T10:00:00Z");
    expect(attentionOf({ status: "NEEDS_RECONNECT", quotaPausedUntil: null, lastUnsubscribePullAt: null }, now)?.kind).toBe("reconnect");
    expect(attentionOf({ status: "ACTIVE", quotaPausedUntil: new Date("2026-11-27T00:00:00Z"), lastUnsubscribePullAt: null }, now)).toMatchObject({ kind: "quota_paused", message: expect.stringContaining("00:00 UTC") });
    expect(attentionOf({ status: "ACTIVE", quotaPausedUntil: new Date("2026-11-26T09:00:00Z"), lastUnsubscribePullAt: null }, now)).toBeNull();
  });
});
