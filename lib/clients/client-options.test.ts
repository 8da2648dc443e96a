// The client types and groups page's library: adding one, listing them with their client counts (this business's
// only), and what a rename or delete of one that is gone (another tab, another business) answers.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { UserFacingError } from "../errors";
import { db } from "../db";
import { createTestClient } from "../../prisma/seed/factories";
import { createClientOption } from "./create-client-option";
import { deleteClientOption } from "./delete-client-option";
import { listClientOptions } from "./list-client-options";
import { renameClientOption } from "./rename-client-option";
import { staffContext } from "@/tests/support/client-fixtures";

const fieldErrorsOf = async (work: Promise<unknown>) => {
  const error = await work.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(z.ZodError);
  return Object.fromEntries((error as z.ZodError).issues.map((i) => [i.path.join("."), i.message]));
};

describe("createClientOption", () => {
  it("adds a type and a group, trimmed, with an audit entry each", async () => {
    const ctx = await staffContext();
    const type = await createClientOption(ctx, { kind: "type", name: "  Member " });
    const group = await createClientOption(ctx, { kind: "group", name: "Seniors" });
    expect(await db.clientType.findUniqueOrThrow({ where: { id: type.id } })).toMatchObject({
      businessId: ctx.businessId,
      name: "Member",
    });
    expect(await db.clientGroup.findUniqueOrThrow({ where: { id: group.id } })).toMatchObject({
      businessId: ctx.businessId,
      name: "Seniors",
    });
    const audit = await db.auditLog.findMany({
      where: { businessId: ctx.businessId, action: { in: ["client-type.created", "client-group.created"] } },
      select: { action: true, targetId: true, actorUserId: true, details: true },
      orderBy: { action: "asc" },
    });
    expect(audit).toEqual([
      {
        action: "client-group.created",
        targetId: group.id,
        actorUserId: ctx.actor.userId,
        details: { name: "Seniors" },
      },
      { action: "client-type.created", targetId: type.id, actorUserId: ctx.actor.userId, details: { name: "Member" } },
    ]);
  });

  it("refuses an empty, a too long and a taken name as field errors; other kinds and businesses may share it", async () => {
    const ctx = await staffContext();
    await createClientOption(ctx, { kind: "group", name: "Seniors" });
    expect(await fieldErrorsOf(createClientOption(ctx, { kind: "group", name: "   " }))).toEqual({
      name: "Enter a name.",
    });
    expect(await fieldErrorsOf(createClientOption(ctx, { kind: "group", name: "x".repeat(101) }))).toEqual({
      name: "Use at most 100 characters.",
    });
    expect(await fieldErrorsOf(createClientOption(ctx, { kind: "group", name: " Seniors " }))).toEqual({
      name: "That name is already in use.",
    });
    await createClientOption(ctx, { kind: "group", name: "x".repeat(100) });
    await createClientOption(ctx, { kind: "type", name: "Seniors" });
    const other = await staffContext();
    await createClientOption(other, { kind: "group", name: "Seniors" });
    expect(await db.clientGroup.count({ where: { businessId: ctx.businessId, name: "Seniors" } })).toBe(1);
  });

  it("creates one of two racing requests for the same name; the other gets the field error, not a crash", async () => {
    const ctx = await staffContext();
    const results = await Promise.allSettled(
      [1, 2, 3].map(() => createClientOption(ctx, { kind: "type", name: "Drop-in" })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results.filter((r) => r.status === "rejected")) {
      expect(r.reason).toBeInstanceOf(z.ZodError);
      expect((r.reason as z.ZodError).issues[0]?.message).toBe("That name is already in use.");
    }
    expect(await db.clientType.count({ where: { businessId: ctx.businessId } })).toBe(1);
  });
});

describe("listClientOptions", () => {
  it("lists this business's types and groups by name with their client counts, none of another business's", async () => {
    const ctx = await staffContext();
    const other = await staffContext();
    const member = await createClientOption(ctx, { kind: "type", name: "Member" });
    await createClientOption(ctx, { kind: "type", name: "Drop-in" });
    const seniors = await createClientOption(ctx, { kind: "group", name: "Seniors" });
    const yoga = await createClientOption(ctx, { kind: "group", name: "Yoga" });
    // The other business has options of the same names, with more clients in them.
    const theirMember = await createClientOption(other, { kind: "type", name: "Member" });
    const theirSeniors = await createClientOption(other, { kind: "group", name: "Seniors" });
    await createClientOption(other, { kind: "group", name: "Theirs only" });
    for (let i = 0; i < 3; i++) {
      const c = await createTestClient(db, other.businessId);
      await db.client.update({ where: { id: c.id }, data: { clientTypeId: theirMember.id } });
      await db.clientGroupMember.create({ data: { clientId: c.id, groupId: theirSeniors.id } });
    }
    const ann = await createTestClient(db, ctx.businessId);
    const bob = await createTestClient(db, ctx.businessId);
    await createTestClient(db, ctx.businessId); // no type, no group
    await db.client.updateMany({ where: { id: { in: [ann.id, bob.id] } }, data: { clientTypeId: member.id } });
    await db.clientGroupMember.createMany({
      data: [
        { clientId: ann.id, groupId: seniors.id },
        { clientId: ann.id, groupId: yoga.id },
        { clientId: bob.id, groupId: yoga.id },
      ],
    });

    const listed = await listClientOptions(ctx);
    expect(listed.types.map(({ name, clients }) => ({ name, clients }))).toEqual([
      { name: "Drop-in", clients: 0 },
      { name: "Member", clients: 2 },
    ]);
    expect(listed.groups).toEqual([
      { id: seniors.id, name: "Seniors", clients: 1 },
      { id: yoga.id, name: "Yoga", clients: 2 },
    ]);
    expect(listed.sent).toEqual({ type: [], group: [], connected: ["CONSTANT_CONTACT"] });
  });

  it("says what a rename or delete re-sends: the choice of a connection that is not disconnected", async () => {
    // Only what the page reads: a connection as Constant Contact's page leaves it once a list is chosen.
    const ctx = await staffContext();
    const connection = { id: ctx.connectionId! };
    const cc = ["CONSTANT_CONTACT"];
    expect((await listClientOptions(ctx)).sent).toEqual({ type: [], group: [], connected: cc });
    await db.connection.update({ where: { id: connection.id }, data: { sendGroups: true } });
    expect((await listClientOptions(ctx)).sent).toEqual({ type: [], group: cc, connected: cc });
    // A second provider that sends client types only.
    await db.connection.create({
      data: { businessId: ctx.businessId, provider: "MAILCHIMP", status: "ACTIVE", sendClientType: true },
    });
    expect((await listClientOptions(ctx)).sent).toEqual({
      type: ["MAILCHIMP"],
      group: cc,
      connected: ["CONSTANT_CONTACT", "MAILCHIMP"],
    });
    await db.connection.updateMany({ where: { businessId: ctx.businessId }, data: { status: "DISCONNECTED" } });
    expect((await listClientOptions(ctx)).sent).toEqual({ type: [], group: [], connected: [] });
  });
});

describe("renaming and deleting", () => {
  it("refuses a name another group has as a field error, and keeps both", async () => {
    const ctx = await staffContext();
    const seniors = await createClientOption(ctx, { kind: "group", name: "Seniors" });
    await createClientOption(ctx, { kind: "group", name: "Yoga" });
    expect(await fieldErrorsOf(renameClientOption(ctx, { kind: "group", id: seniors.id, name: " Yoga" }))).toEqual({
      name: "That name is already in use.",
    });
    expect(await renameClientOption(ctx, { kind: "group", id: seniors.id, name: "Seniors 65+" })).toEqual({
      resent: false,
    });
    expect((await listClientOptions(ctx)).groups.map((g) => g.name)).toEqual(["Seniors 65+", "Yoga"]);
  });

  it("answers a clear message for one deleted meanwhile or of another business, and changes nothing there", async () => {
    const ctx = await staffContext();
    const other = await staffContext();
    const gone = await createClientOption(ctx, { kind: "group", name: "Seniors" });
    expect(await deleteClientOption(ctx, { kind: "group", id: gone.id })).toEqual({ resent: false });
    const groupGone = "That group no longer exists (it may have been deleted in another tab). Reload the page.";
    for (const work of [
      () => renameClientOption(ctx, { kind: "group", id: gone.id, name: "Golden" }),
      () => deleteClientOption(ctx, { kind: "group", id: gone.id }),
    ]) {
      const error = await work().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UserFacingError);
      expect((error as Error).message).toBe(groupGone);
    }
    const theirs = await createClientOption(other, { kind: "type", name: "Member" });
    await expect(renameClientOption(ctx, { kind: "type", id: theirs.id, name: "Mine" })).rejects.toThrow(
      "That client type no longer exists",
    );
    await expect(deleteClientOption(ctx, { kind: "type", id: theirs.id })).rejects.toThrow(
      "That client type no longer exists",
    );
    expect(await db.clientType.findUniqueOrThrow({ where: { id: theirs.id } })).toMatchObject({ name: "Member" });
  });
});
