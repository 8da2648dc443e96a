import { describe, expect, inject, it } from "vitest";
import { db } from "../../lib/db";
import { createTestBusiness } from "../../prisma/seed/factories";
import { insertManyClients } from "./seed-large";

describe("insertManyClients", () => {
  it("inserts exactly the requested clients into one business, with normalized emails and consent where opted in", async () => {
    const { business } = await createTestBusiness(db);
    // Connected first, as a business syncing its clients: each one inserted is queued for the connection.
    const connection = await db.connection.create({
      data: { businessId: business.id, provider: "CONSTANT_CONTACT", status: "ACTIVE", listId: "list-1" },
    });
    const inserted = await insertManyClients(inject("databaseUrl"), {
      businessId: business.id,
      count: 12_345,
      emailDomain: `${business.slug}.test`,
    });
    expect(inserted).toBe(12_345);
    expect(await db.client.count({ where: { businessId: business.id } })).toBe(12_345);
    const optedIn = await db.client.count({ where: { businessId: business.id, newsOptIn: true } });
    expect(optedIn).toBeGreaterThan(9_000);
    expect(await db.client.count({ where: { businessId: business.id, newsOptIn: true, consentAt: null } })).toBe(0);
    const sample = await db.client.findFirstOrThrow({ where: { businessId: business.id }, orderBy: { email: "asc" } });
    expect(sample.emailNormalized).toBe(sample.email);
    expect(
      await db.clientSyncPending.count({
        where: { connectionId: connection.id, clientId: sample.id, version: sample.syncVersion },
      }),
    ).toBe(1);
  });
});
