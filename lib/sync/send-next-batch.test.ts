import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { syncBusinessHandler } from "../jobs/handlers/sync-business";
import { control } from "@/tests/support/cc-sandbox";
import { connectedBusiness } from "@/tests/support/connected-business";
import { inlineStep } from "@/tests/support/inline-step";
import { ccContacts, startSyncSandbox, type SyncSandbox } from "@/tests/support/sync-sandbox";
import { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS } from "./import-batch";

// The push at a size where its limits matter: keyset pages of 1,000, batches cut below 3.5 MB, a family whose members
// fall on two different pages.
let env: SyncSandbox;
beforeAll(async () => {
  env = await startSyncSandbox();
});
afterAll(() => env.sandbox.close());

const CLIENTS = 6_500;
// 50 three-byte characters: the longest name Constant Contact accepts, and about 530 bytes a row.
const LONG = (mark: string) => `${mark}${"ア".repeat(49)}`;

describe("a push of a few thousand clients with long names", { timeout: 120_000 }, () => {
  it("is cut into whole pages under 3.5 MB, and a family split across pages is one contact", async () => {
    const b = await connectedBusiness(env);
    // Ids chosen in advance so that the family's two members are on the first and the second keyset page.
    const ids = Array.from({ length: CLIENTS }, () => randomUUID()).sort();
    const family = `family-${b.business.id.slice(0, 8)}@example.test`;
    const [older, newer] = [10, 1_500];
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

    expect(
      await syncBusinessHandler({
        event: { data: { businessId: b.business.id, trigger: "LIST_SAVED" } },
        step: inlineStep,
      }),
    ).toHaveProperty("runId");

    const { activities } = (await control(
      env.sandbox.url,
      `/accounts/${encodeURIComponent(b.accountEmail)}/activities`,
    )) as {
      activities: { type: string; items_total_count: number; request_bytes: number }[];
    };
    const imports = activities.filter((a) => a.type === "contacts_json_import");
    // Six whole pages of 1,000 fit under 3.5 MB (the family's two rows are one), the seventh page goes next.
    expect(imports.map((a) => a.items_total_count)).toEqual([5_999, 500]);
    for (const i of imports) {
      expect(i.request_bytes).toBeLessThanOrEqual(IMPORT_MAX_BYTES);
      expect(i.items_total_count).toBeLessThanOrEqual(IMPORT_MAX_ROWS);
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
    expect(await db.client.count({ where: { businessId: b.business.id, syncPending: true } })).toBe(0);
    expect(await db.syncRun.findFirstOrThrow({ where: { businessId: b.business.id } })).toMatchObject({
      status: "SUCCEEDED",
      considered: CLIENTS,
      sent: CLIENTS - 1,
      failed: 0,
    });
  });
});
