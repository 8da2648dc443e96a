import { describe, expect, it } from "vitest";
import { db } from "../db";
import type { ConnectionStatus, Provider } from "../generated/prisma/client";
import { createTestBusiness, createTestClient } from "../../prisma/seed/factories";
import { queueClientsForSync } from "./mark-sync-pending";
import { markSynced } from "@/tests/support/client-fixtures";

/** A business with a connection row per provider given (no tokens: only the queue is looked at). */
async function businessWith(connections: Partial<Record<Provider, ConnectionStatus>> = { CONSTANT_CONTACT: "ACTIVE" }) {
  const { business } = await createTestBusiness(db);
  const ids: Partial<Record<Provider, string>> = {};
  for (const [provider, status] of Object.entries(connections) as [Provider, ConnectionStatus][]) {
    const row = await db.connection.create({
      data: { businessId: business.id, provider, status },
      select: { id: true },
    });
    ids[provider] = row.id;
  }
  return { business, connectionId: ids.CONSTANT_CONTACT!, ids };
}

const pendingRows = (clientId: string) =>
  db.clientSyncPending.findMany({ where: { clientId }, orderBy: { connectionId: "asc" } });
const pendingRow = async (clientId: string) => {
  const rows = await pendingRows(clientId);
  expect(rows.length).toBeLessThanOrEqual(1);
  return rows[0] ?? null;
};

describe("the queue (ClientSyncPending, written by the triggers on Client)", () => {
  it("queues a new client, every version bump (keeping the oldest change's time), and nothing else", async () => {
    const { business, connectionId } = await businessWith();
    const client = await createTestClient(db, business.id, { firstName: "Ada" });
    expect(await pendingRow(client.id)).toMatchObject({ connectionId, businessId: business.id, version: 1 });

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

  it("queues a change once per connection that is not disconnected, and not at all without one", async () => {
    const both = await businessWith({ CONSTANT_CONTACT: "ACTIVE", MAILCHIMP: "NEEDS_LIST" });
    const client = await createTestClient(db, both.business.id);
    expect((await pendingRows(client.id)).map((r) => r.connectionId).sort()).toEqual(
      [both.ids.CONSTANT_CONTACT, both.ids.MAILCHIMP].sort(),
    );
    await db.connection.update({ where: { id: both.ids.MAILCHIMP! }, data: { status: "DISCONNECTED" } });
    await markSynced(client.id);
    await db.client.update({ where: { id: client.id }, data: { city: "Oslo", syncVersion: { increment: 1 } } });
    expect(await pendingRows(client.id)).toMatchObject([{ connectionId: both.ids.CONSTANT_CONTACT, version: 2 }]);

    const none = await businessWith({});
    const alone = await createTestClient(db, none.business.id);
    expect(await pendingRows(alone.id)).toEqual([]);
  });

  it("queues every row of a bulk insert and of a bulk update, in one statement each", async () => {
    const { business } = await businessWith();
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
    const { business, connectionId } = await businessWith({ CONSTANT_CONTACT: "ACTIVE", MAILCHIMP: "ACTIVE" });
    const target = { connectionId, businessId: business.id };
    const [a, b, c] = await Promise.all(
      ["A", "B", "C"].map((n) => createTestClient(db, business.id, { firstName: n })),
    );
    for (const x of [a!, b!, c!]) await markSynced(x.id);
    await db.client.update({ where: { id: b!.id }, data: { syncVersion: 7 } });
    await markSynced(b!.id);
    await db.clientSyncState.create({
      data: { connectionId, clientId: c!.id, businessId: business.id, status: "FAILED" },
    });
    const other = await businessWith();
    const stranger = await createTestClient(db, other.business.id);
    await markSynced(stranger.id);

    expect(await queueClientsForSync(db, target, [b!.id, stranger.id])).toBe(1);
    expect(await pendingRow(b!.id)).toMatchObject({ connectionId, version: 7 });
    expect(await pendingRow(stranger.id)).toBeNull();
    expect(await queueClientsForSync(db, target, "failed")).toBe(1);
    expect(await pendingRow(c!.id)).toMatchObject({ connectionId, version: 1 });
    expect(await queueClientsForSync(db, target, "all")).toBe(1);
    // Queued for this connection only: the business's other connection is left as it was.
    expect(await db.clientSyncPending.count({ where: { businessId: business.id } })).toBe(3);
    expect(await db.clientSyncPending.count({ where: { connectionId } })).toBe(3);
    expect(await pendingRow(stranger.id)).toBeNull();
  });
});
