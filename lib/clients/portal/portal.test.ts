import { describe, expect, it } from "vitest";
import { db } from "../../db";
import { sha256 } from "../../crypto";
import { createTestClient } from "../../../prisma/seed/factories";
import { staffContext } from "@/tests/support/client-fixtures";
import { createPortalLink } from "./create-portal-link";
import { findPortalBusiness } from "./portal-business";
import { getPortalProfile, setPortalSubscription } from "./portal-notification-settings";
import { endPortalSession, resolvePortalSession } from "./portal-session";
import { findUsablePortalLink, setPortalPassword } from "./set-portal-password";
import { signInPortal } from "./sign-in-portal";

const PASSWORD = "a-long-portal-password";
const tokenOf = (path: string) => new URL(path, "http://x").searchParams.get("token")!;

async function clientWithLink(email?: string) {
  const ctx = await staffContext();
  const client = await createTestClient(db, ctx.businessId, email ? { email } : {});
  const link = await createPortalLink(ctx, client.id);
  return { ctx, client, slug: ctx.business.business.slug, token: tokenOf(link.path), link };
}

describe("portal links", () => {
  it("are valid for 72 hours, stored only as a hash, and audited", async () => {
    const now = new Date("2026-11-26T12:00:00Z");
    const ctx = await staffContext();
    const client = await createTestClient(db, ctx.businessId);
    const link = await createPortalLink(ctx, client.id, now);
    expect(link.path).toMatch(new RegExp(`^/portal/${ctx.business.business.slug}/set-password\\?token=[\\w-]{43}$`));
    expect(link.expiresAt).toEqual(new Date("2026-11-29T12:00:00Z"));
    const row = await db.clientPortalToken.findFirstOrThrow({ where: { clientId: client.id } });
    expect(row.tokenHash).toBe(sha256(tokenOf(link.path)));
    expect(JSON.stringify(row)).not.toContain(tokenOf(link.path));
    expect(await db.auditLog.count({ where: { action: "client.portal_link_created", targetId: client.id } })).toBe(1);
  });

  it("work once: setting a password signs the client in, and the same link then fails", async () => {
    const { slug, token, client } = await clientWithLink();
    const session = await setPortalPassword(slug, { token, password: PASSWORD, confirm: PASSWORD });
    expect(await resolvePortalSession(slug, session.token)).toEqual({ businessId: client.businessId, businessSlug: slug, clientId: client.id });
    expect(await findUsablePortalLink(slug, token)).toBeNull();
    await expect(setPortalPassword(slug, { token, password: "another-password-1", confirm: "another-password-1" })).rejects.toMatchObject({
      issues: [{ path: ["token"], message: "This link has expired or was already used. Ask the studio for a new one." }],
    });
  });

  it("expire after 72 hours, are replaced by a newer link, and only work in their own business's portal", async () => {
    const { ctx, client, slug, token } = await clientWithLink();
    const in73h = new Date(Date.now() + 73 * 3_600_000);
    await expect(setPortalPassword(slug, { token, password: PASSWORD, confirm: PASSWORD }, in73h)).rejects.toMatchObject({ issues: [{ path: ["token"] }] });
    const other = await staffContext();
    expect(await findUsablePortalLink(other.business.business.slug, token)).toBeNull();
    const newer = await createPortalLink(ctx, client.id);
    expect(await findUsablePortalLink(slug, token)).toBeNull();
    expect(await findUsablePortalLink(slug, tokenOf(newer.path))).not.toBeNull();
  });

  it("check the password and refuse a client of another business or without an email", async () => {
    const { slug, token } = await clientWithLink();
    await expect(setPortalPassword(slug, { token, password: "short", confirm: "short" })).rejects.toMatchObject({ issues: [{ path: ["password"], message: "Use at least 10 characters." }] });
    await expect(setPortalPassword(slug, { token, password: PASSWORD, confirm: "different-password" })).rejects.toMatchObject({ issues: [{ path: ["confirm"] }] });
    const ctx = await staffContext();
    const other = await staffContext();
    const foreign = await createTestClient(db, other.businessId);
    await expect(createPortalLink(ctx, foreign.id)).rejects.toThrow("Not found");
    const noEmail = await createTestClient(db, ctx.businessId, { email: null });
    await expect(createPortalLink(ctx, noEmail.id)).rejects.toThrow(/Add an email/);
  });
});

describe("portal sign-in and sessions", () => {
  it("signs in by email (any case) and password, and signs out", async () => {
    const { slug, token, client } = await clientWithLink();
    await setPortalPassword(slug, { token, password: PASSWORD, confirm: PASSWORD });
    const result = await signInPortal(slug, { email: ` ${client.email!.toUpperCase()} `, password: PASSWORD });
    expect(result).toMatchObject({ ok: true });
    const sessionToken = (result as { token: string }).token;
    expect(await resolvePortalSession(slug, sessionToken)).toMatchObject({ clientId: client.id });
    expect(await db.portalSession.count({ where: { tokenHash: sessionToken } })).toBe(0); // only the hash is stored
    await endPortalSession(sessionToken);
    expect(await resolvePortalSession(slug, sessionToken)).toBeNull();
  });

  it("answers wrong passwords, unknown emails and other businesses alike, and throttles", async () => {
    const { slug, token, client } = await clientWithLink();
    await setPortalPassword(slug, { token, password: PASSWORD, confirm: PASSWORD });
    const other = await staffContext();
    expect(await signInPortal(other.business.business.slug, { email: client.email, password: PASSWORD })).toEqual({ ok: false, message: "Wrong email or password." });
    expect(await signInPortal(slug, { email: "nobody@example.test", password: PASSWORD })).toEqual({ ok: false, message: "Wrong email or password." });
    expect(await signInPortal(slug, { email: "x".repeat(10_000), password: PASSWORD })).toEqual({ ok: false, message: "That email is too long." });
    const now = new Date();
    for (let i = 0; i < 4; i++) expect(await signInPortal(slug, { email: client.email, password: `wrong-${i}` }, now)).toMatchObject({ ok: false });
    expect(await signInPortal(slug, { email: client.email, password: "wrong-5" }, now)).toEqual({ ok: false, message: "Too many failed attempts. Try again in 1 minute." });
    expect(await signInPortal(slug, { email: client.email, password: PASSWORD }, now)).toMatchObject({ ok: false, message: /Too many/ });
  });

  it("keeps a session to its own business's portal, and ends it when expired or when a new password is set", async () => {
    const { ctx, slug, token, client } = await clientWithLink();
    const session = await setPortalPassword(slug, { token, password: PASSWORD, confirm: PASSWORD });
    const other = await staffContext();
    expect(await resolvePortalSession(other.business.business.slug, session.token)).toBeNull();
    expect(await resolvePortalSession(slug, session.token, new Date(Date.now() + 15 * 86_400_000))).toBeNull();
    expect(await resolvePortalSession(slug, "forged")).toBeNull();
    const again = await createPortalLink(ctx, client.id);
    await setPortalPassword(slug, { token: tokenOf(again.path), password: "a-new-password-2", confirm: "a-new-password-2" });
    expect(await resolvePortalSession(slug, session.token)).toBeNull();
  });

  it("tells family members sharing an email apart by password, and never lets two share one", async () => {
    const email = `family-${Date.now()}@example.test`;
    const { ctx, slug, token, client: parent } = await clientWithLink(email);
    const child = await createTestClient(db, ctx.businessId, { email: email.toUpperCase() });
    await setPortalPassword(slug, { token, password: PASSWORD, confirm: PASSWORD });
    const childToken = tokenOf((await createPortalLink(ctx, child.id)).path);
    await expect(setPortalPassword(slug, { token: childToken, password: PASSWORD, confirm: PASSWORD })).rejects.toMatchObject({
      issues: [{ path: ["password"], message: "Choose a different password: another profile with this email uses this one." }],
    });
    // The refused attempt did not use up the link.
    await setPortalPassword(slug, { token: childToken, password: "the-child-password", confirm: "the-child-password" });
    const asParent = await signInPortal(slug, { email, password: PASSWORD });
    const asChild = await signInPortal(slug, { email, password: "the-child-password" });
    expect(await resolvePortalSession(slug, (asParent as { token: string }).token)).toMatchObject({ clientId: parent.id });
    expect(await resolvePortalSession(slug, (asChild as { token: string }).token)).toMatchObject({ clientId: child.id });
  });

  it("answers a slug no business can have (NUL, a lone surrogate) like an unknown portal, never an error", async () => {
    const { ctx, slug, token, client } = await clientWithLink();
    const session = await setPortalPassword(slug, { token, password: PASSWORD, confirm: PASSWORD });
    const unused = tokenOf((await createPortalLink(ctx, client.id)).path);
    expect(await findPortalBusiness(slug)).toEqual({ name: ctx.business.business.name });
    for (const bad of [`${slug}\u0000`, "\u0000", `\u0000${slug}`, `${slug}\uD800`, "x".repeat(101)]) {
      expect(await signInPortal(bad, { email: client.email, password: PASSWORD })).toEqual({ ok: false, message: "Wrong email or password." });
      expect(await resolvePortalSession(bad, session.token)).toBeNull();
      expect(await findUsablePortalLink(bad, unused)).toBeNull();
      await expect(setPortalPassword(bad, { token: unused, password: PASSWORD, confirm: PASSWORD })).rejects.toThrow("This link has expired");
      expect(await findPortalBusiness(bad)).toBeNull();
    }
    expect(await findUsablePortalLink(slug, unused)).not.toBeNull();
  });
});

describe("portal notification settings", () => {
  it("let the client subscribe (consent via the portal) and unsubscribe themselves, in the history", async () => {
    const { slug, token, client } = await clientWithLink();
    const session = await setPortalPassword(slug, { token, password: PASSWORD, confirm: PASSWORD });
    const portal = (await resolvePortalSession(slug, session.token))!;
    expect(await getPortalProfile(portal)).toMatchObject({ firstName: client.firstName, newsOptIn: false });
    expect(await setPortalSubscription(portal, true)).toEqual({ changed: true });
    expect(await db.client.findUniqueOrThrow({ where: { id: client.id } })).toMatchObject({ newsOptIn: true, consentMethod: "CLIENT_PORTAL", syncVersion: client.syncVersion + 1 });
    expect(await setPortalSubscription(portal, false)).toEqual({ changed: true });
    expect(await db.client.findUniqueOrThrow({ where: { id: client.id } })).toMatchObject({ newsOptIn: false, unsubscribeSource: "CLIENT_PORTAL", syncVersion: client.syncVersion + 2 });
    const events = await db.consentEvent.findMany({ where: { clientId: client.id }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => [e.toOptIn, e.source, e.consentMethod, e.actorUserId])).toEqual([
      [true, "CLIENT_PORTAL", "CLIENT_PORTAL", null],
      [false, "CLIENT_PORTAL", null, null],
    ]);
  });

  it("reach only the signed-in client: a session of one client cannot read or change another", async () => {
    const { ctx, slug, token } = await clientWithLink();
    const session = await setPortalPassword(slug, { token, password: PASSWORD, confirm: PASSWORD });
    const portal = (await resolvePortalSession(slug, session.token))!;
    const sibling = await createTestClient(db, ctx.businessId, { newsOptIn: true });
    // The portal functions take the client from the session only; a forged context of another business fails.
    const other = await staffContext();
    await expect(getPortalProfile({ ...portal, businessId: other.businessId })).rejects.toThrow("Not found");
    await expect(setPortalSubscription({ ...portal, businessId: other.businessId }, false)).rejects.toThrow("Not found");
    await setPortalSubscription(portal, false);
    expect((await db.client.findUniqueOrThrow({ where: { id: sibling.id } })).newsOptIn).toBe(true);
  });
});
