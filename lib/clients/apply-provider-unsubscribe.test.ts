import { describe, expect, it } from "vitest";
import { db } from "../db";
import { createTestClient } from "../../prisma/seed/factories";
import type { Tx } from "../db";
import type { Provider } from "../generated/prisma/client";
import { applyProviderUnsubscribes } from "./apply-provider-unsubscribe";
import { changeConsentByStaff } from "./change-consent";
import { isPending, staffContext } from "@/tests/support/client-fixtures";
import { statementsOf } from "@/tests/support/statements-of";

const AT = new Date("2026-11-25T10:00:00Z");

/** One contact's unsubscribe, in the caller's transaction or one of its own: the ids of the clients it changed. */
async function applyProviderUnsubscribe(
  event: { businessId: string; provider: Provider; email: string; unsubscribedAt: Date },
  options: { tx?: Tx } = {},
): Promise<string[]> {
  const apply = async (tx: Tx) =>
    (
      await applyProviderUnsubscribes(tx, event.businessId, event.provider, [
        { email: event.email, at: event.unsubscribedAt },
      ])
    ).map((c) => c.id);
  return options.tx ? apply(options.tx) : db.$transaction(apply);
}

describe("applyProviderUnsubscribes", () => {
  it("opts out every opted-in client with the email (case-insensitively), with source Constant Contact", async () => {
    const ctx = await staffContext();
    const parent = await createTestClient(db, ctx.businessId, { email: "family@example.test", newsOptIn: true });
    const child = await createTestClient(db, ctx.businessId, { email: "Family@Example.test", newsOptIn: true });
    const stranger = await createTestClient(db, ctx.businessId, { email: "someone@example.test", newsOptIn: true });
    const changed = await applyProviderUnsubscribe({
      businessId: ctx.businessId,
      provider: "CONSTANT_CONTACT",
      email: " FAMILY@example.TEST",
      unsubscribedAt: AT,
    });
    expect(changed.sort()).toEqual([parent.id, child.id].sort());
    for (const c of [parent, child]) {
      expect(await db.client.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({
        newsOptIn: false,
        unsubscribedAt: AT,
        unsubscribeSource: "CONSTANT_CONTACT",
        syncVersion: c.syncVersion + 1,
      });
      expect(await isPending(c.id)).toBe(true);
      expect(await db.consentEvent.findFirst({ where: { clientId: c.id } })).toMatchObject({
        source: "CONSTANT_CONTACT",
        fromOptIn: true,
        toOptIn: false,
        actorUserId: null,
        createdAt: AT,
      });
    }
    expect((await db.client.findUniqueOrThrow({ where: { id: stranger.id } })).newsOptIn).toBe(true);
    expect(
      await db.auditLog.count({
        where: {
          action: "client.consent_changed",
          targetId: parent.id,
          details: { path: ["source"], equals: "CONSTANT_CONTACT" },
        },
      }),
    ).toBe(1);
  });

  it("is idempotent: applying the same unsubscribe again changes nothing", async () => {
    const ctx = await staffContext();
    const client = await createTestClient(db, ctx.businessId, { newsOptIn: true });
    const event = {
      businessId: ctx.businessId,
      provider: "CONSTANT_CONTACT" as const,
      email: client.email!,
      unsubscribedAt: AT,
    };
    expect(await applyProviderUnsubscribe(event)).toEqual([client.id]);
    const after = await db.client.findUniqueOrThrow({ where: { id: client.id } });
    expect(await applyProviderUnsubscribe(event)).toEqual([]);
    expect(await db.client.findUniqueOrThrow({ where: { id: client.id } })).toEqual(after);
    expect(await db.consentEvent.count({ where: { clientId: client.id } })).toBe(1);
  });

  it("does not undo consent recorded in our app after the unsubscribe (a stale event of the overlap window)", async () => {
    const ctx = await staffContext();
    const client = await createTestClient(db, ctx.businessId);
    await changeConsentByStaff(
      ctx,
      { clientId: client.id, optIn: true, method: "IN_PERSON" },
      new Date(AT.getTime() + 3_600_000),
    );
    expect(
      await applyProviderUnsubscribe({
        businessId: ctx.businessId,
        provider: "CONSTANT_CONTACT",
        email: client.email!,
        unsubscribedAt: AT,
      }),
    ).toEqual([]);
    expect((await db.client.findUniqueOrThrow({ where: { id: client.id } })).newsOptIn).toBe(true);
  });

  it("lets an unsubscribe reported to the second win over an opt-in made within that second", async () => {
    const ctx = await staffContext();
    const client = await createTestClient(db, ctx.businessId);
    await changeConsentByStaff(ctx, { clientId: client.id, optIn: true, method: "IN_PERSON" });
    const optIn = await db.consentEvent.findFirstOrThrow({ where: { clientId: client.id, toOptIn: true } });
    // Mailchimp's last_changed has no milliseconds: the same second as the opt-in, written as its start.
    const sameSecond = new Date(Math.floor(optIn.createdAt.getTime() / 1000) * 1000);
    expect(
      await applyProviderUnsubscribe({
        businessId: ctx.businessId,
        provider: "MAILCHIMP",
        email: client.email!,
        unsubscribedAt: sameSecond,
      }),
    ).toEqual([client.id]);
  });

  it("touches only the given business, and ignores an empty email", async () => {
    const a = await staffContext();
    const b = await staffContext();
    const inB = await createTestClient(db, b.businessId, { email: "shared@example.test", newsOptIn: true });
    expect(
      await applyProviderUnsubscribe({
        businessId: a.businessId,
        provider: "CONSTANT_CONTACT",
        email: "shared@example.test",
        unsubscribedAt: AT,
      }),
    ).toEqual([]);
    expect(
      await applyProviderUnsubscribe({
        businessId: b.businessId,
        provider: "CONSTANT_CONTACT",
        email: "  ",
        unsubscribedAt: AT,
      }),
    ).toEqual([]);
    expect((await db.client.findUniqueOrThrow({ where: { id: inB.id } })).newsOptIn).toBe(true);
  });

  it("runs inside the caller's transaction when given one (rolled back with it)", async () => {
    const ctx = await staffContext();
    const client = await createTestClient(db, ctx.businessId, { newsOptIn: true });
    await expect(
      db.$transaction(async (tx) => {
        expect(
          await applyProviderUnsubscribe(
            { businessId: ctx.businessId, provider: "CONSTANT_CONTACT", email: client.email!, unsubscribedAt: AT },
            { tx },
          ),
        ).toEqual([client.id]);
        throw new Error("cursor write failed");
      }),
    ).rejects.toThrow("cursor write failed");
    expect((await db.client.findUniqueOrThrow({ where: { id: client.id } })).newsOptIn).toBe(true);
  });

  it("records the provider the person unsubscribed in as the source", async () => {
    const ctx = await staffContext();
    const client = await createTestClient(db, ctx.businessId, { newsOptIn: true });
    await applyProviderUnsubscribe({
      businessId: ctx.businessId,
      provider: "MAILCHIMP",
      email: client.email!,
      unsubscribedAt: AT,
    });
    expect(await db.client.findUniqueOrThrow({ where: { id: client.id } })).toMatchObject({
      newsOptIn: false,
      unsubscribeSource: "MAILCHIMP",
    });
    expect(await db.consentEvent.findFirst({ where: { clientId: client.id } })).toMatchObject({ source: "MAILCHIMP" });
  });

  it("applies many addresses at once, each client at its own time, in the same statements for 3 as for 30", async () => {
    const ctx = await staffContext();
    const burst = async (n: number, offset: number) => {
      const clients = await Promise.all(
        Array.from({ length: n }, (_, i) =>
          createTestClient(db, ctx.businessId, { email: `burst${offset + i}@example.test`, newsOptIn: true }),
        ),
      );
      // A later opt-in here beats the first address's unsubscribe (stale); an address twice takes its latest time.
      await changeConsentByStaff(ctx, { clientId: clients[0]!.id, optIn: false }, new Date(AT.getTime() - 7_200_000));
      await changeConsentByStaff(
        ctx,
        { clientId: clients[0]!.id, optIn: true, method: "IN_PERSON" },
        new Date(AT.getTime() + 3_600_000),
      );
      const unsubscribes = clients.map((c, i) => ({
        email: c.email!.toUpperCase(),
        at: new Date(AT.getTime() + i * 1000),
      }));
      unsubscribes.push({ email: clients[1]!.email!, at: new Date(AT.getTime() + 60_000) });
      let changed: Awaited<ReturnType<typeof applyProviderUnsubscribes>> = [];
      const statements = await statementsOf(() =>
        db.$transaction(async (tx) => {
          changed = await applyProviderUnsubscribes(tx, ctx.businessId, "MAILCHIMP", unsubscribes);
        }),
      );
      return { clients, changed, statements };
    };
    const small = await burst(3, 0);
    const large = await burst(30, 100);
    expect(large.statements.length, large.statements.join("\n")).toBe(small.statements.length);
    expect(large.changed.map((c) => c.id).sort()).toEqual(
      large.clients
        .slice(1)
        .map((c) => c.id)
        .sort(),
    );
    for (const [i, client] of large.clients.entries()) {
      const row = await db.client.findUniqueOrThrow({ where: { id: client.id } });
      const at = i === 1 ? new Date(AT.getTime() + 60_000) : new Date(AT.getTime() + i * 1000);
      if (i === 0) expect(row.newsOptIn).toBe(true);
      else expect(row).toMatchObject({ newsOptIn: false, unsubscribedAt: at, unsubscribeSource: "MAILCHIMP" });
      if (i > 0) {
        expect(
          await db.consentEvent.findFirst({ where: { clientId: client.id, toOptIn: false, source: "MAILCHIMP" } }),
        ).toMatchObject({ createdAt: at, actorUserId: null });
        expect(await db.auditLog.count({ where: { targetId: client.id, actorLabel: "Mailchimp unsubscribe" } })).toBe(
          1,
        );
      }
    }
    expect(large.changed.find((c) => c.id === large.clients[2]!.id)?.email).toBe("burst102@example.test");
  });
});
