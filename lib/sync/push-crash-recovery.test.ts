import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changeConsentByStaff } from "../clients/change-consent";
import { updateClientProfile } from "../clients/update-client-profile";
import { db } from "../db";
import { runPush } from "@/tests/support/run-push";
import { createTestClient } from "../../prisma/seed/factories";
import { control } from "@/tests/support/cc-sandbox";
import { connectedBusiness } from "@/tests/support/connected-business";
import { failWrites } from "@/tests/support/db-fault";
import { inlineStep } from "@/tests/support/inline-step";
import { ccContacts, startSyncSandbox, type SyncSandbox } from "@/tests/support/sync-sandbox";
import { isPending, pendingCount } from "@/tests/support/client-fixtures";

// "A crash at any point loses nothing": a push run dies mid-removal, mid-settle and mid-bookkeeping of an import,
// through a real fault at that point (the sandbox failing every attempt of a call, or Postgres refusing a write),
// and the next run leaves Constant Contact and the database exactly as an uninterrupted run would. (The crash
// between an import and its bookkeeping is in sync-engine.test.ts.)
let env: SyncSandbox;
beforeAll(async () => {
  env = await startSyncSandbox();
});
afterAll(() => env.sandbox.close());

type Business = Awaited<ReturnType<typeof connectedBusiness>>;
const sync = (businessId: string) => runPush(businessId, "CLIENT_CHANGE", inlineStep);
const ctxOf = (b: Business) => ({ businessId: b.business.id, actor: b.ownerCtx.actor });
const newsletter = async (b: Business) =>
  (await ccContacts(env, b.accountEmail, "&list=Newsletter")).map((c) => ({ email: c.email, city: c.city }));

/** Three clients in the list; then one opts out and one moves city: a run with a removal, a settle and an import. */
async function syncedBusinessWithChanges() {
  const b = await connectedBusiness(env);
  const [stay, leaver, untouched] = await Promise.all(
    [0, 1, 2].map((i) => createTestClient(db, b.business.id, { newsOptIn: true, city: `City ${i}` })),
  );
  await runPush(b.business.id, "LIST_SAVED", inlineStep);
  expect(await pendingCount(b.business.id)).toBe(0);
  await changeConsentByStaff(ctxOf(b) as never, { clientId: leaver!.id, optIn: false });
  await updateClientProfile(
    ctxOf(b) as never,
    {
      clientId: stay!.id,
      firstName: stay!.firstName,
      lastName: stay!.lastName,
      email: stay!.email!,
      city: "Moved City",
      clientTypeId: null,
      groupIds: [],
    } as never,
  );
  return { b, stay: stay!, leaver: leaver!, untouched: untouched! };
}

/** What an uninterrupted run leaves behind. */
async function expectFinalState(x: Awaited<ReturnType<typeof syncedBusinessWithChanges>>) {
  const expected = [
    { email: x.stay.emailNormalized, city: "Moved City" },
    { email: x.untouched.emailNormalized, city: "City 2" },
  ].sort((p, q) => p.email!.localeCompare(q.email!));
  await expect
    .poll(async () => (await newsletter(x.b)).sort((p, q) => p.email!.localeCompare(q.email!)), {
      timeout: 5_000,
      interval: 20,
    })
    .toEqual(expected);
  // One contact per email, nobody deleted or unsubscribed on the way.
  const all = await ccContacts(env, x.b.accountEmail, "&status=all");
  expect(all).toHaveLength(3);
  expect(all.every((c) => !c.deleted && c.permission_to_send === "implicit")).toBe(true);
  expect(await pendingCount(x.b.business.id)).toBe(0);
  const state = (id: string) =>
    db.clientSyncState.findUniqueOrThrow({
      where: { connectionId_clientId: { connectionId: x.b.connectionId, clientId: id } },
    });
  expect(await state(x.leaver.id)).toMatchObject({
    status: "NOT_OPTED_IN",
    syncedEmail: null,
    inFlightBatchId: null,
  });
  const stayNow = await db.client.findUniqueOrThrow({ where: { id: x.stay.id } });
  expect(await state(x.stay.id)).toMatchObject({
    status: "SYNCED",
    syncedVersion: stayNow.syncVersion,
    inFlightBatchId: null,
  });
}

describe("a push run that crashes", { timeout: 60_000 }, () => {
  it("mid-removal (Constant Contact fails every attempt to remove): the next run removes, sends and settles everything", async () => {
    const x = await syncedBusinessWithChanges();
    await control(env.sandbox.url, "/faults", {
      kind: "500",
      count: 20,
      pathPrefix: "/v3/activities/remove_list_memberships",
    });
    try {
      await expect(sync(x.b.business.id)).rejects.toThrow();
    } finally {
      await control(env.sandbox.url, "/faults", undefined, "DELETE");
    }
    // Nothing was decided: both changed clients still wait.
    expect(await pendingCount(x.b.business.id)).toBe(2);
    expect(await sync(x.b.business.id)).toHaveProperty("runId");
    await expectFinalState(x);
  });

  it("mid-settle (the removal went through, then the database refused its bookkeeping): the next run finishes the job", async () => {
    const x = await syncedBusinessWithChanges();
    const fault = await failWrites({
      table: "ClientSyncPending",
      on: "DELETE",
      when: `OLD."clientId" = '${x.leaver.id}'::uuid`,
    });
    try {
      await expect(sync(x.b.business.id)).rejects.toThrow(/injected fault/);
    } finally {
      await fault.remove();
    }
    // Constant Contact already took the address out; our books still say pending, so it is decided again.
    await expect
      .poll(async () => (await newsletter(x.b)).map((c) => c.email), { timeout: 5_000, interval: 20 })
      .not.toContain(x.leaver.emailNormalized);
    expect(await isPending(x.leaver.id)).toBe(true);
    expect(await sync(x.b.business.id)).toHaveProperty("runId");
    await expectFinalState(x);
  });

  it("mid-bookkeeping of a finished import (the compare-and-delete is refused): the next run sends again, no duplicate", async () => {
    const x = await syncedBusinessWithChanges();
    const fault = await failWrites({
      table: "ClientSyncPending",
      on: "DELETE",
      when: `OLD."clientId" = '${x.stay.id}'::uuid`,
    });
    try {
      await expect(sync(x.b.business.id)).rejects.toThrow(/injected fault/);
    } finally {
      await fault.remove();
    }
    // The import reached Constant Contact, but the client is not marked synced: it goes out again.
    expect(await isPending(x.stay.id)).toBe(true);
    expect(await sync(x.b.business.id)).toHaveProperty("runId");
    await expectFinalState(x);
  });
});
