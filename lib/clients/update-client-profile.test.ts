import { describe, expect, it } from "vitest";
import { db } from "../db";
import { NotFoundError } from "../errors";
import { createTestClient, createTestClientOptions } from "../../prisma/seed/factories";
import { updateClientProfile } from "./update-client-profile";
import { markSynced, staffContext, syncColumns } from "@/tests/support/client-fixtures";

async function setup() {
  const ctx = await staffContext();
  const client = await createTestClient(db, ctx.businessId, {
    firstName: "Ada",
    lastName: "Lovelace",
    email: "ada@example.test",
    city: "London",
  });
  await markSynced(client.id);
  const fields = {
    clientId: client.id,
    firstName: "Ada",
    lastName: "Lovelace",
    email: "ada@example.test",
    city: "London",
    clientTypeId: "",
    groupIds: [] as string[],
  };
  return { ctx, client, fields };
}

describe("updateClientProfile", () => {
  it.each([
    ["firstName", "Augusta"],
    ["lastName", "King"],
    ["email", "augusta@example.test"],
    ["email", "Ada@Example.test"],
    ["city", "Paris"],
    ["city", ""],
    ["email", ""],
  ])("bumps the sync version when %s changes to %j", async (field, value) => {
    const { ctx, client, fields } = await setup();
    const result = await updateClientProfile(ctx, { ...fields, [field]: value });
    expect(result.syncedFieldsChanged).toEqual([field]);
    expect(await syncColumns(client.id)).toEqual({ syncVersion: client.syncVersion + 1, syncPending: true });
  });

  it("does not bump for the same values (even with extra spaces), a new type or other groups", async () => {
    const { ctx, client, fields } = await setup();
    const { clientType, group } = await createTestClientOptions(db, ctx.businessId);
    expect(await updateClientProfile(ctx, { ...fields, firstName: "  Ada  " })).toEqual({ syncedFieldsChanged: [] });
    expect(await updateClientProfile(ctx, { ...fields, clientTypeId: clientType.id, groupIds: [group.id] })).toEqual({
      syncedFieldsChanged: [],
    });
    expect(await syncColumns(client.id)).toEqual({ syncVersion: client.syncVersion, syncPending: false });
    const saved = await db.client.findUniqueOrThrow({ where: { id: client.id }, include: { groups: true } });
    expect(saved.clientTypeId).toBe(clientType.id);
    expect(saved.groups.map((g) => g.groupId)).toEqual([group.id]);
    await updateClientProfile(ctx, { ...fields, groupIds: [] });
    expect(await db.clientGroupMember.count({ where: { clientId: client.id } })).toBe(0);
    expect(
      await db.auditLog.findMany({
        where: { targetId: client.id, action: "client.updated" },
        select: { details: true },
      }),
    ).toHaveLength(2);
  });

  it("keeps the full value of a long name and reports bad fields without touching the row", async () => {
    const { ctx, client, fields } = await setup();
    await updateClientProfile(ctx, { ...fields, lastName: "L".repeat(200) });
    expect((await db.client.findUniqueOrThrow({ where: { id: client.id } })).lastName).toHaveLength(200);
    await expect(
      updateClientProfile(ctx, { ...fields, lastName: "L".repeat(10_000), email: "bad@" }),
    ).rejects.toMatchObject({ issues: expect.any(Array) });
    expect((await db.client.findUniqueOrThrow({ where: { id: client.id } })).lastName).toHaveLength(200);
  });

  it("answers not found for a client of another business, and changes nothing there", async () => {
    const { client, fields } = await setup();
    const other = await staffContext();
    await expect(updateClientProfile(other, { ...fields, firstName: "Mallory" })).rejects.toBeInstanceOf(NotFoundError);
    expect((await db.client.findUniqueOrThrow({ where: { id: client.id } })).firstName).toBe("Ada");
  });
});
