import { describe, expect, it } from "vitest";
import { db } from "../db";
import { createTestBusiness, createTestClient } from "../../prisma/seed/factories";
import { queueClientsForSync } from "./mark-sync-pending";
import { markSynced } from "@/tests/support/client-fixtures";

const pendingRow = (clientId: string) => db.clientSyncPending.findUnique({ where: { clientId } });

describe("the sync outbox (ClientSyncPending, written by the triggers on Client)", () => {
  it("queues a new client, every version bump (keeping the oldest change's time), and nothing else", async () => {
    const { business } = await createTestBusiness(db);
    const client = await createTestClient(db, business.id, { firstName: "Ada" });
    expect(await pendingRow(client.id)).toMatchObject({ businessId: business.id, version: 1 });

    // A write that is not a change to send (no version bump) queues nothing.
    await markSynced(client.id);
    await db.client.update({ where: { id: client.id }, data: { portalPasswordHash: "x" } });
    expect(await pendingRow(client.id)).toBeNull();

    await db.client.update({ where: { id: client.id }, data: { city: "Paris", syncVersion: { increment: 1 } } });
    const first = await pendingRow(client.id);
    expect(first).toMatchObject({ version: 2 });
    await db.client.update({ where: { id: client.id }, data: { city: "Rome", syncVersion: { increment: 1 } } });
    expect(await pendingRow(client.id)).toEqual({ ...first, version: 3 });
  });

  it("queues every row of a bulk insert and of a bulk update, in one statement each", async () => {
    const { business } = await createTestBusiness(db);
    await db.client.createMany({
      data: ["A", "B", "C"].map((firstName) => ({ businessId: business.id, firstName, lastName: "Bulk" })),
    });
    expect(await db.clientSyncPending.count({ where: { businessId: business.id, version: 1 } })).toBe(3);
    await db.clientSyncPending.deleteMany({ where: { businessId: business.id } });
    await db.client.updateMany({
      where: { businessId: business.id, firstName: { in: ["A", "B"] } },
      data: { syncVersion: { increment: 1 } },
    });
    expect(
      await db.clientSyncPending.findMany({ where: { businessId: business.id }, select: { version: true } }),
    ).toEqual([{ version: 2 }, { version: 2 }]);
  });

  it("queues without a change at the current version: the given clients, the failed ones, or all, once each", async () => {
    const { business } = await createTestBusiness(db);
    const [a, b, c] = await Promise.all(
      ["A", "B", "C"].map((n) => createTestClient(db, business.id, { firstName: n })),
    );
    for (const x of [a!, b!, c!]) await markSynced(x.id);
    await db.client.update({ where: { id: b!.id }, data: { syncVersion: 7 } });
    await markSynced(b!.id);
    await db.clientSyncState.create({ data: { clientId: c!.id, businessId: business.id, status: "FAILED" } });
    const { business: other } = await createTestBusiness(db);
    const stranger = await createTestClient(db, other.id);
    await markSynced(stranger.id);

    expect(await queueClientsForSync(db, business.id, [b!.id, stranger.id])).toBe(1);
    expect(await pendingRow(b!.id)).toMatchObject({ version: 7 });
    expect(await pendingRow(stranger.id)).toBeNull();
    expect(await queueClientsForSync(db, business.id, "failed")).toBe(1);
    expect(await pendingRow(c!.id)).toMatchObject({ version: 1 });
    expect(await queueClientsForSync(db, business.id, "all")).toBe(1);
    expect(await db.clientSyncPending.count({ where: { businessId: business.id } })).toBe(3);
    expect(await pendingRow(stranger.id)).toBeNull();
  });
});
