import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { db } from "../db";
import { createTestClientOptions } from "../../prisma/seed/factories";
import { createClient } from "./create-client";
import { isPending, newClientInput, staffContext } from "@/tests/support/client-fixtures";

describe("createClient", () => {
  it("creates a client pending sync, with type, groups and an audit entry", async () => {
    const ctx = await staffContext();
    const { clientType, group } = await createTestClientOptions(db, ctx.businessId);
    const input = newClientInput({
      email: "  Ada.L@Example.TEST ",
      clientTypeId: clientType.id,
      groupIds: [group.id, group.id],
    });
    const { id, created } = await createClient(ctx, input);
    expect(created).toBe(true);
    const client = await db.client.findUniqueOrThrow({ where: { id }, include: { groups: true } });
    expect(client).toMatchObject({
      businessId: ctx.businessId,
      email: "Ada.L@Example.TEST",
      emailNormalized: "ada.l@example.test",
      syncVersion: 1,
      newsOptIn: false,
      clientTypeId: clientType.id,
    });
    expect(client.groups.map((g) => g.groupId)).toEqual([group.id]);
    expect(await isPending(id)).toBe(true);
    expect(
      await db.auditLog.count({ where: { action: "client.created", targetId: id, actorUserId: ctx.actor.userId } }),
    ).toBe(1);
  });

  it("stores a client without an email", async () => {
    const ctx = await staffContext();
    const { id } = await createClient(ctx, newClientInput({ email: "" }));
    expect(await db.client.findUniqueOrThrow({ where: { id } })).toMatchObject({ email: null, emailNormalized: null });
  });

  it("stores SQL- and HTML-looking, right-to-left and emoji names exactly as given", async () => {
    const ctx = await staffContext();
    const names = ['Robert\'); DROP TABLE "Client";--', "<script>alert(1)</script>", "مريم", "👩‍👩‍👧 Ünïcødé"];
    for (const name of names) {
      const { id } = await createClient(ctx, newClientInput({ firstName: name, lastName: name }));
      expect(await db.client.findUniqueOrThrow({ where: { id }, select: { firstName: true, lastName: true } })).toEqual(
        { firstName: name, lastName: name },
      );
    }
  });

  it("creates one client for a double submission, even when both requests race", async () => {
    const ctx = await staffContext();
    const input = newClientInput();
    const [a, b, c] = await Promise.all([createClient(ctx, input), createClient(ctx, input), createClient(ctx, input)]);
    expect(new Set([a.id, b.id, c.id]).size).toBe(1);
    expect([a, b, c].filter((r) => r.created)).toHaveLength(1);
    const again = await createClient(ctx, input);
    expect(again).toEqual({ id: a.id, created: false });
    expect(await db.client.count({ where: { businessId: ctx.businessId } })).toBe(1);
  });

  it("keeps one creation key per business: another business's key does not collide", async () => {
    const a = await staffContext();
    const b = await staffContext();
    const creationKey = randomUUID();
    const first = await createClient(a, newClientInput({ creationKey }));
    const second = await createClient(b, newClientInput({ creationKey }));
    expect(second.id).not.toBe(first.id);
    expect(second.created).toBe(true);
  });

  it("refuses bad input field by field, and types or groups of another business", async () => {
    const ctx = await staffContext();
    const error = await createClient(ctx, newClientInput({ firstName: "x".repeat(10_000), email: "nope" })).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(z.ZodError);
    expect(Object.fromEntries((error as z.ZodError).issues.map((i) => [i.path.join("."), i.message]))).toEqual({
      firstName: "The first name can be at most 200 characters.",
      email: "Enter a valid email, like name@example.com.",
    });
    const other = await staffContext();
    const foreign = await createTestClientOptions(db, other.businessId);
    await expect(createClient(ctx, newClientInput({ clientTypeId: foreign.clientType.id }))).rejects.toMatchObject({
      issues: [{ path: ["clientTypeId"] }],
    });
    await expect(createClient(ctx, newClientInput({ groupIds: [foreign.group.id] }))).rejects.toMatchObject({
      issues: [{ path: ["groupIds"] }],
    });
    expect(await db.client.count({ where: { businessId: ctx.businessId } })).toBe(0);
  });
});
