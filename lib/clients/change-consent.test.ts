import { describe, expect, it } from "vitest";
import { z } from "zod";
import { db } from "../db";
import { NotFoundError } from "../errors";
import { createTestClient } from "../../prisma/seed/factories";
import { changeConsentByStaff } from "./change-consent";
import { getClientProfile } from "./get-client-profile";
import { isPending, markSynced, staffContext, syncColumns } from "@/tests/support/client-fixtures";

const NOW = new Date("2026-11-26T15:00:00Z");

describe("staff consent changes", () => {
  it("refuses to opt a client in without how consent was given", async () => {
    const ctx = await staffContext();
    const client = await createTestClient(db, ctx.businessId);
    for (const bad of [{}, { method: "" }, { method: "CLIENT_PORTAL" }, { method: "BECAUSE_I_SAY_SO" }]) {
      const error = await changeConsentByStaff(ctx, { clientId: client.id, optIn: true, ...bad } as never).catch(
        (e) => e,
      );
      expect(error).toBeInstanceOf(z.ZodError);
      expect((error as z.ZodError).issues[0]?.message).toBe("Choose how the client gave consent.");
    }
    await expect(
      changeConsentByStaff(
        ctx,
        { clientId: client.id, optIn: true, method: "IN_PERSON", consentGivenOn: "2026-12-31" },
        NOW,
      ),
    ).rejects.toMatchObject({
      issues: [{ path: ["consentGivenOn"], message: "Consent cannot be given in the future." }],
    });
    expect((await db.client.findUniqueOrThrow({ where: { id: client.id } })).newsOptIn).toBe(false);
    expect(await db.consentEvent.count({ where: { clientId: client.id } })).toBe(0);
  });

  it("accepts consent given today on the business's own calendar and refuses tomorrow, wherever UTC is", async () => {
    // 05:00 UTC: 16:00 on the 26th in Sydney, 21:00 on the 25th in Los Angeles.
    const at = new Date("2026-11-26T05:00:00Z");
    const cases = [
      { timeZone: "Australia/Sydney", today: "2026-11-26", tomorrow: "2026-11-27" },
      { timeZone: "America/Los_Angeles", today: "2026-11-25", tomorrow: "2026-11-26" },
    ];
    for (const { timeZone, today, tomorrow } of cases) {
      const ctx = await staffContext();
      await db.business.update({ where: { id: ctx.businessId }, data: { timeZone } });
      const client = await createTestClient(db, ctx.businessId);
      const optIn = (consentGivenOn: string) =>
        changeConsentByStaff(ctx, { clientId: client.id, optIn: true, method: "IN_PERSON", consentGivenOn }, at);
      await expect(optIn(tomorrow), timeZone).rejects.toMatchObject({
        issues: [{ path: ["consentGivenOn"], message: "Consent cannot be given in the future." }],
      });
      expect((await db.client.findUniqueOrThrow({ where: { id: client.id } })).newsOptIn, timeZone).toBe(false);
      expect(await optIn(today), timeZone).toEqual({ changed: true });
      expect((await db.client.findUniqueOrThrow({ where: { id: client.id } })).consentAt, timeZone).toEqual(
        new Date(`${today}T00:00:00Z`),
      );
    }
  });

  it("opts in with method and date, records history and audit, and bumps the sync version", async () => {
    const ctx = await staffContext();
    const client = await createTestClient(db, ctx.businessId);
    await markSynced(client.id);
    expect(
      await changeConsentByStaff(
        ctx,
        { clientId: client.id, optIn: true, method: "IN_WRITING", consentGivenOn: "2026-11-20" },
        NOW,
      ),
    ).toEqual({ changed: true });
    expect(await db.client.findUniqueOrThrow({ where: { id: client.id } })).toMatchObject({
      newsOptIn: true,
      consentMethod: "IN_WRITING",
      consentAt: new Date("2026-11-20T00:00:00Z"),
      syncVersion: client.syncVersion + 1,
    });
    expect(await isPending(client.id)).toBe(true);
    const [event] = await db.consentEvent.findMany({ where: { clientId: client.id } });
    expect(event).toMatchObject({
      businessId: ctx.businessId,
      fromOptIn: false,
      toOptIn: true,
      source: "STAFF",
      consentMethod: "IN_WRITING",
      actorUserId: ctx.actor.userId,
      createdAt: NOW,
    });
    const audit = await db.auditLog.findFirstOrThrow({
      where: { action: "client.consent_changed", targetId: client.id },
    });
    expect(audit).toMatchObject({
      businessId: ctx.businessId,
      actorUserId: ctx.actor.userId,
      details: { source: "STAFF", from: false, to: true, method: "IN_WRITING" },
    });
  });

  it("always lets staff opt a client out, and keeps both changes in the history, newest first", async () => {
    const ctx = await staffContext();
    const client = await createTestClient(db, ctx.businessId);
    await changeConsentByStaff(ctx, { clientId: client.id, optIn: true, method: "IN_PERSON" }, NOW);
    const later = new Date(NOW.getTime() + 60_000);
    await changeConsentByStaff(ctx, { clientId: client.id, optIn: false }, later);
    const profile = await getClientProfile(ctx, client.id);
    expect(profile).toMatchObject({
      newsOptIn: false,
      unsubscribedAt: later,
      unsubscribeSource: "STAFF",
      syncVersion: client.syncVersion + 2,
    });
    expect(profile!.history.map((h) => [h.fromOptIn, h.toOptIn, h.source, h.consentMethod, h.actorName])).toEqual([
      [true, false, "STAFF", null, ctx.business.staff.name],
      [false, true, "STAFF", "IN_PERSON", ctx.business.staff.name],
    ]);
  });

  it("changes nothing (no history, no bump) when the opt-in already has the wanted value, even for racing requests", async () => {
    const ctx = await staffContext();
    const client = await createTestClient(db, ctx.businessId, { newsOptIn: true });
    await markSynced(client.id);
    expect(await changeConsentByStaff(ctx, { clientId: client.id, optIn: true, method: "IN_PERSON" })).toEqual({
      changed: false,
    });
    expect(await syncColumns(client.id)).toEqual({ syncVersion: client.syncVersion, syncPending: false });
    const results = await Promise.all(
      [1, 2, 3].map(() => changeConsentByStaff(ctx, { clientId: client.id, optIn: false })),
    );
    expect(results.filter((r) => r.changed)).toHaveLength(1);
    expect(await db.consentEvent.count({ where: { clientId: client.id } })).toBe(1);
    expect((await syncColumns(client.id)).syncVersion).toBe(client.syncVersion + 1);
  });

  it("answers not found for a client of another business", async () => {
    const ctx = await staffContext();
    const other = await staffContext();
    const client = await createTestClient(db, other.businessId, { newsOptIn: true });
    await expect(changeConsentByStaff(ctx, { clientId: client.id, optIn: false })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(
      changeConsentByStaff(ctx, { clientId: client.id, optIn: true, method: "IN_PERSON" }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect((await db.client.findUniqueOrThrow({ where: { id: client.id } })).newsOptIn).toBe(true);
    expect(await getClientProfile(ctx, client.id)).toBeNull();
  });
});
