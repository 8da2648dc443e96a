import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalRunner } from "../../inngest/local-runner";
import { reconcileRequested } from "../../inngest/events";
import { installLocalDispatcher } from "../../inngest/send";
import { db } from "../db";
import { createTestClient } from "../../prisma/seed/factories";
import { control } from "../../sandbox/testing/helpers";
import { ccContacts, connectedBusiness, startSyncSandbox, type SyncSandbox } from "./test-support";

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
    const runner = createLocalRunner({ debounceMs: 0, log: () => {} });
    installLocalDispatcher(runner.dispatch);
    await runner.dispatch(reconcileRequested.create({ businessId: b.business.id }));
    await runner.idle();
    expect((await ccContacts(env, b.accountEmail, "&list=Newsletter")).map((c) => c.email)).toEqual([lost.emailNormalized]);
    const audit = await db.auditLog.findFirstOrThrow({ where: { businessId: b.business.id, action: "sync.reconciled" } });
    expect(audit.details).toMatchObject({ pending: 1, connection: "ok" });
    runner.stop();
  });

  it("re-checks the connection and reports a dead grant", async () => {
    const b = await connectedBusiness(env);
    await control(env.sandbox.url, "/revoke-grant", { accountEmail: b.accountEmail });
    const { reconcileBusiness } = await import("./reconcile");
    expect(await reconcileBusiness(b.business.id)).toMatchObject({ connection: "needs reconnect" });
    expect(await db.constantContactConnection.findUniqueOrThrow({ where: { id: b.connectionId } })).toMatchObject({ status: "NEEDS_RECONNECT" });
  });
});
