import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chooseList } from "../integrations/constant-contact/connection";
import { db } from "../db";
import type { SyncTrigger } from "../jobs/events";
import { runPush } from "@/tests/support/run-push";
import { createTestClient } from "../../prisma/seed/factories";
import { control } from "@/tests/support/cc-sandbox";
import { connectedBusiness, reconnect } from "@/tests/support/connected-business";
import { inlineStep } from "@/tests/support/inline-step";
import { ccContacts, startSyncSandbox, type SyncSandbox } from "@/tests/support/sync-sandbox";
import { pendingCount } from "@/tests/support/client-fixtures";

// A full sync once per generation: after the first sync nobody is pending, so only the generation can bring them back.
let env: SyncSandbox;
beforeAll(async () => {
  env = await startSyncSandbox();
});
afterAll(() => env.sandbox.close());

type Business = Awaited<ReturnType<typeof connectedBusiness>>;
const sync = (businessId: string, trigger: SyncTrigger) => runPush(businessId, trigger, inlineStep);
/** Rows Constant Contact received in import requests for the account, in order. */
const importedRows = async (b: Business) =>
  (
    (await control(env.sandbox.url, `/accounts/${encodeURIComponent(b.accountEmail)}/activities`)).activities as {
      type: string;
      items_total_count: number;
    }[]
  )
    .filter((a) => a.type === "contacts_json_import")
    .map((a) => a.items_total_count);
const emailsIn = async (b: Business, list: string) =>
  (await ccContacts(env, b.accountEmail, `&list=${list}`)).map((c) => c.email).sort();

async function syncedBusiness() {
  const b = await connectedBusiness(env);
  const optedIn = await Promise.all(
    [0, 1, 2, 3, 4].map(() => createTestClient(db, b.business.id, { newsOptIn: true })),
  );
  await createTestClient(db, b.business.id, { newsOptIn: false });
  expect(await sync(b.business.id, "LIST_SAVED")).toHaveProperty("runId");
  expect(await importedRows(b)).toEqual([5]);
  // Everyone is synced and nothing is pending: a further run has nothing to send.
  expect(await pendingCount(b.business.id)).toBe(0);
  expect(await sync(b.business.id, "CLIENT_CHANGE")).toEqual({ skipped: "nothing to send" });
  return { b, emails: optedIn.map((c) => c.emailNormalized).sort() };
}

describe("a full sync once per generation", () => {
  it("after the list changes: every synced client is sent to the new list exactly once", async () => {
    const { b, emails } = await syncedBusiness();
    const other = b.lists.find((l) => l.name === "Other")!.list_id;
    expect(await chooseList(b.ownerCtx, { listId: other }, env.deps())).toMatchObject({ changed: true });

    // Two requests for the same generation (e.g. debounced or repeated events): one full run between them.
    const full = await sync(b.business.id, "LIST_SAVED");
    expect(await sync(b.business.id, "LIST_SAVED")).toEqual({ skipped: "nothing to send" });
    expect(await db.syncRun.findUniqueOrThrow({ where: { id: (full as { runId: string }).runId } })).toMatchObject({
      kind: "FULL",
      sent: 5,
      added: 5,
    });
    // One more import of 5 rows: each of the five once, the client without consent not at all.
    expect(await importedRows(b)).toEqual([5, 5]);
    expect(await emailsIn(b, "Other")).toEqual(emails);
    expect(await pendingCount(b.business.id)).toBe(0);
  });

  it("after a reconnect: every synced client is sent again exactly once", async () => {
    const { b, emails } = await syncedBusiness();
    await reconnect(env, b);
    const full = await sync(b.business.id, "RECONNECTED");
    expect(await sync(b.business.id, "RECONNECTED")).toEqual({ skipped: "nothing to send" });
    expect(await db.syncRun.findUniqueOrThrow({ where: { id: (full as { runId: string }).runId } })).toMatchObject({
      kind: "FULL",
      sent: 5,
    });
    expect(await importedRows(b)).toEqual([5, 5]);
    expect(await emailsIn(b, "Newsletter")).toEqual(emails);
  });
});
