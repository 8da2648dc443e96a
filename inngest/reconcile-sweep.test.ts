import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { reconcileRequested } from "@/lib/jobs/events";
import { installLocalDispatcher } from "@/lib/jobs/send-event";
import { createTestClient } from "@/prisma/seed/factories";
import { connectedBusiness } from "@/tests/support/connected-business";
import { ccContacts, startSyncSandbox, type SyncSandbox } from "@/tests/support/sync-sandbox";
import { createLocalRunner } from "./local-runner";
import { markSynced } from "@/tests/support/client-fixtures";

let env: SyncSandbox;
beforeAll(async () => {
  env = await startSyncSandbox();
});
afterAll(() => {
  installLocalDispatcher(undefined);
  return env.sandbox.close();
});

describe("reconcile sweep", () => {
  it("finds clients whose sync event was lost, and failed ones, sends them, and records what it found", async () => {
    const b = await connectedBusiness(env);
    // Written directly: no event ever announced these clients (a lost event, or a crash right after commit).
    const lost = await createTestClient(db, b.business.id, { newsOptIn: true });
    // A client whose last send failed and was settled (not pending): only the sweep brings it back.
    const failed = await createTestClient(db, b.business.id, { newsOptIn: true });
    await markSynced(failed.id);
    await db.clientSyncState.create({
      data: {
        connectionId: b.connectionId,
        clientId: failed.id,
        businessId: b.business.id,
        status: "FAILED",
        lastError: "Constant Contact's import failed",
        failedAttempts: 1,
        syncedVersion: failed.syncVersion,
      },
    });
    const runner = createLocalRunner({ debounceMs: 0, log: () => {} });
    installLocalDispatcher(runner.dispatch);
    await runner.dispatch(reconcileRequested.create({ businessId: b.business.id }));
    await runner.idle();
    expect((await ccContacts(env, b.accountEmail, "&list=Newsletter")).map((c) => c.email).sort()).toEqual(
      [lost.emailNormalized, failed.emailNormalized].sort(),
    );
    const audit = await db.auditLog.findFirstOrThrow({
      where: { businessId: b.business.id, action: "sync.reconciled" },
    });
    expect(audit.details).toEqual({
      provider: "CONSTANT_CONTACT",
      pending: 2,
      retried: 1,
      interrupted: 0,
      connection: "ok",
    });
    expect(
      await db.clientSyncState.findUniqueOrThrow({
        where: { connectionId_clientId: { connectionId: b.connectionId, clientId: failed.id } },
      }),
    ).toMatchObject({
      status: "SYNCED",
      lastError: null,
      failedAttempts: 0,
    });
    runner.stop();
  });
});
