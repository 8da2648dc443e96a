import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { control } from "@/tests/support/cc-sandbox";
import { connectedBusiness } from "@/tests/support/connected-business";
import { startSyncSandbox, type SyncSandbox } from "@/tests/support/sync-sandbox";
import { reconcileBusiness } from "./reconcile";

// The sweep as a whole (lost events found and sent) is tested through the local runner: inngest/reconcile-sweep.test.ts.
let env: SyncSandbox;
beforeAll(async () => {
  env = await startSyncSandbox();
});
afterAll(() => env.sandbox.close());

describe("reconcile", () => {
  it("re-checks the connection and reports a dead grant", async () => {
    const b = await connectedBusiness(env);
    await control(env.sandbox.url, "/revoke-grant", { accountEmail: b.accountEmail });
    expect(await reconcileBusiness(b.business.id)).toEqual([
      {
        businessId: b.business.id,
        connectionId: b.connectionId,
        pending: 0,
        retried: 0,
        connection: "needs reconnect",
      },
    ]);
    expect(await db.connection.findUniqueOrThrow({ where: { id: b.connectionId } })).toMatchObject({
      status: "NEEDS_RECONNECT",
    });
  });
});
