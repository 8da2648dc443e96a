import { randomUUID } from "node:crypto";
import { getLogs } from "@prisma/debug";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, releaseQueryArguments } from "../db";
import { runPush } from "@/tests/support/run-push";
import { control } from "@/tests/support/cc-sandbox";
import { connectedBusiness } from "@/tests/support/connected-business";
import { inlineStep } from "@/tests/support/inline-step";
import { ccContacts, startSyncSandbox, type SyncSandbox } from "@/tests/support/sync-sandbox";
import { pendingCount } from "@/tests/support/client-fixtures";

// The push at a size where its limits matter: keyset chunks (push-batch.ts), imports cut below 3.5 MB,
// a family whose members fall into two different chunks.
let env: SyncSandbox;
beforeAll(async () => {
  env = await startSyncSandbox();
});
afterAll(() => env.sandbox.close());

const CLIENTS = 11_000;
// 50 three-byte characters: the longest name Constant Contact accepts, and about 530 bytes a row.
const LONG = (mark: string) => `${mark}${"ア".repeat(49)}`;

describe("a push of a few thousand clients with long names", { timeout: 120_000 }, () => {
  it("is cut into imports under 3.5 MB, and a family split across chunks is one contact", async () => {
    const b = await connectedBusiness(env);
    // Ids chosen in advance so that the family's two members are in the first and the second keyset chunk.
    const ids = Array.from({ length: CLIENTS }, () => randomUUID()).sort();
    const family = `family-${b.business.id.slice(0, 8)}@example.test`;
    const [older, newer] = [10, 10_500];
    await db.client.createMany({
      data: ids.map((id, i) => {
        const email = i === older || i === newer ? family : `bulk-${i}-${b.business.id.slice(0, 8)}@example.test`;
        return {
          id,
          businessId: b.business.id,
          firstName: i === newer ? LONG("N") : LONG("F"),
          lastName: LONG("L"),
          city: LONG("C"),
          email,
          emailNormalized: email,
          newsOptIn: true,
          consentAt: new Date(),
          consentMethod: "IN_PERSON" as const,
          updatedAt: i === newer ? new Date("2026-06-01T00:00:00Z") : new Date("2026-01-01T00:00:00Z"),
        };
      }),
    });

    expect(await runPush(b.business.id, "LIST_SAVED", inlineStep)).toHaveProperty("runId");

    const { activities } = (await control(
      env.sandbox.url,
      `/accounts/${encodeURIComponent(b.accountEmail)}/activities`,
    )) as {
      activities: { type: string; items_total_count: number; request_bytes: number }[];
    };
    const imports = activities.filter((a) => a.type === "contacts_json_import");
    // About 5.8 MB of rows (the family's two are one): two imports, every row in exactly one of them.
    expect(imports).toHaveLength(2);
    expect(imports.reduce((sum, a) => sum + a.items_total_count, 0)).toBe(CLIENTS - 1);
    // Constant Contact's documented limits (4 MB, read as decimal; 40,000 contacts) and our 3.5 MB cut below them, as
    // the sandbox measured each request.
    for (const i of imports) {
      expect(i.request_bytes).toBeLessThanOrEqual(4_000_000);
      expect(i.request_bytes).toBeLessThanOrEqual(3.5 * 1024 * 1024);
      expect(i.items_total_count).toBeLessThanOrEqual(40_000);
    }
    expect(imports[0]!.request_bytes).toBeGreaterThan(3 * 1024 * 1024); // the batch really was filled up

    // Everyone arrived, the family as one contact named after its most recently updated member.
    expect(
      (
        await control(
          env.sandbox.url,
          `/accounts/${encodeURIComponent(b.accountEmail)}/contacts?list=Newsletter&limit=1`,
        )
      ).total,
    ).toBe(CLIENTS - 1);
    const [contact] = await ccContacts(env, b.accountEmail, `&email=${encodeURIComponent(family)}`);
    expect(contact).toMatchObject({ first_name: LONG("N"), lists: ["Newsletter"] });
    expect(
      await db.clientSyncState.count({ where: { clientId: { in: [ids[older]!, ids[newer]!] }, status: "SYNCED" } }),
    ).toBe(2);
    expect(await pendingCount(b.business.id)).toBe(0);
    expect(await db.syncRun.findFirstOrThrow({ where: { businessId: b.business.id } })).toMatchObject({
      status: "SUCCEEDED",
      // The family's second member went out with the first (in flight with its version): not read and sent again.
      considered: CLIENTS - 1,
      sent: CLIENTS - 1,
      failed: 0,
    });
  });

  it("keeps the client data it reads and sends out of Prisma's debug history", async () => {
    const b = await connectedBusiness(env);
    const tag = b.business.id.slice(0, 8);
    await db.client.createMany({
      data: Array.from({ length: 50 }, (_, i) => ({
        businessId: b.business.id,
        firstName: "Ada",
        lastName: "Lovelace",
        email: `history-${i}-${tag}@example.test`,
        emailNormalized: `history-${i}-${tag}@example.test`,
        newsOptIn: true,
      })),
    });
    releaseQueryArguments(); // the createMany above put the addresses there
    await runPush(b.business.id, "LIST_SAVED", inlineStep);
    expect(await pendingCount(b.business.id)).toBe(0);
    // The history keeps the arguments of its last 100 debug calls (the pg adapter logs each query with its
    // parameters); a sync of 1,000,000 clients pinned about 100 MB of old parameters there. The statements carrying
    // client data (the family lookup, the in-flight bookkeeping) go through bulkQuery and never enter it.
    expect(getLogs(Number.POSITIVE_INFINITY)).not.toContain(`-${tag}@example.test`);
  });
});
