import { describe, expect, it } from "vitest";
import { db } from "../db";
import { createTestBusiness, createTestClient } from "../../prisma/seed/factories";
import { clientsByEmail, pendingClientsPage } from "./queue";

/** A business connected to a provider (a connection row only: the queue is filled for it). */
async function connectedTestBusiness() {
  const { business } = await createTestBusiness(db);
  const connection = await db.connection.create({
    data: { businessId: business.id, provider: "CONSTANT_CONTACT", status: "ACTIVE", listId: "list-1" },
    select: { id: true },
  });
  return { business, connectionId: connection.id, ref: { connectionId: connection.id, businessId: business.id } };
}

describe("the sync's reads (one statement each, lists passed as one text parameter)", () => {
  it("finds the other clients of an email, whatever characters the addresses hold", async () => {
    const { business, ref } = await connectedTestBusiness();
    // Quotes, backslashes, commas and braces are legal in an address and special in an array literal.
    const emails = ['"ann,lee"@example.test', 'o\\"brien@example.test', "{team}@example.test", "NULL@example.test"];
    const clients: Awaited<ReturnType<typeof createTestClient>>[] = [];
    for (const email of emails) clients.push(await createTestClient(db, business.id, { email }));
    const sibling = await createTestClient(db, business.id, { email: emails[0] });
    const elsewhere = await createTestBusiness(db);
    await createTestClient(db, elsewhere.business.id, { email: emails[1] });

    const normalized = clients.map((c) => c.emailNormalized!);
    const found = await clientsByEmail(ref, normalized, [clients[2]!.id]);

    // Every address matched exactly; the client given in `except` and the other business's client are left out.
    expect(found.map((c) => c.id).sort()).toEqual([clients[0]!.id, clients[1]!.id, clients[3]!.id, sibling.id].sort());
    expect(found.find((c) => c.id === clients[1]!.id)).toMatchObject({
      emailNormalized: normalized[1],
      syncState: null,
      groupNames: [],
      sentThisRun: false,
    });
  });

  it("reads a connection's queued clients in id order, chunk after chunk, with their data", async () => {
    const { business, connectionId } = await connectedTestBusiness();
    const made: Awaited<ReturnType<typeof createTestClient>>[] = [];
    for (let i = 0; i < 5; i++) made.push(await createTestClient(db, business.id, { city: `City ${i}` }));
    const ids = made.map((c) => c.id).sort();

    const first = await pendingClientsPage(connectionId, null, 3);
    const rest = await pendingClientsPage(connectionId, first.at(-1)!.id, 3);
    expect([...first, ...rest].map((c) => c.id)).toEqual(ids);
    const one = made.find((c) => c.id === ids[0])!;
    expect(first[0]).toMatchObject({ firstName: one.firstName, city: one.city, syncVersion: 1, sentThisRun: false });
    expect(first[0]!.updatedAt.getTime()).toBe(one.updatedAt.getTime());
  });

  it("says which pending clients share their email with another client of the business (only those are looked up)", async () => {
    const { business, connectionId } = await connectedTestBusiness();
    const alone = await createTestClient(db, business.id, { email: "alone@example.test" });
    const parent = await createTestClient(db, business.id, { email: "Family@Example.test" });
    const child = await createTestClient(db, business.id, { email: " family@example.test" });
    const noEmail = await createTestClient(db, business.id, { email: null });
    const elsewhere = await createTestBusiness(db);
    await createTestClient(db, elsewhere.business.id, { email: "alone@example.test" }); // another business's: no family

    const read = await pendingClientsPage(connectionId, null, 10);
    const hasFamily = Object.fromEntries(read.map((c) => [c.id, c.hasFamily]));
    expect(hasFamily).toEqual({ [alone.id]: false, [parent.id]: true, [child.id]: true, [noEmail.id]: false });
  });
});
