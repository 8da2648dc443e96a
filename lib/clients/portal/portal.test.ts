import { describe, expect, it } from "vitest";
import { db } from "../../db";
import { sha256 } from "../../crypto";
import { createTestClient } from "../../../prisma/seed/factories";
import { testAddress } from "@/tests/support/client-address";
import { staffContext } from "@/tests/support/client-fixtures";
import { findPortalBusiness } from "./portal-business";
import { invitationToken } from "@/tests/support/portal-invitation";
import { sendPortalInvitation } from "./send-portal-invitation";
import { getPortalProfile, setPortalSubscription } from "./portal-notification-settings";
import { endPortalSession, resolvePortalSession } from "./portal-session";
import { findUsablePortalLink, setPortalPassword } from "./set-portal-password";
import { signInPortal } from "./sign-in-portal";

const PASSWORD = "a-long-portal-password";
/** A later time for a second invitation to the same client: the resend limit spaces them. */
const later = (minutes: number) => new Date(Date.now() + minutes * 60_000);

async function clientWithLink(email?: string) {
  const ctx = await staffContext();
  const client = await createTestClient(db, ctx.businessId, email ? { email } : {});
  const link = await sendPortalInvitation(ctx, client.id);
  return { ctx, client, slug: ctx.business.business.slug, token: await invitationToken(client.id), link };
}

describe("portal invitations", () => {
  it("are valid for 72 hours, go to the client's email only, are stored as a hash (the secret encrypted until sent), and audited", async () => {
    const now = new Date("2026-11-26T12:00:00Z");
    const ctx = await staffContext();
    const client = await createTestClient(db, ctx.businessId);
    const sent = await sendPortalInvitation(ctx, client.id, now);
    // What staff get back: where it went and until when, never the link.
    expect(sent).toEqual({ sentTo: client.email, expiresAt: new Date("2026-11-29T12:00:00Z") });
    const token = await invitationToken(client.id);
    expect(token).toMatch(/^[\w-]{43}$/);
    const row = await db.clientPortalToken.findFirstOrThrow({ where: { clientId: client.id } });
    expect(row.tokenHash).toBe(sha256(token));
    expect(row.sentToEmail).toBe(client.emailNormalized);
    expect(JSON.stringify(row)).not.toContain(token);
    const mail = await db.mailOutbox.findUniqueOrThrow({ where: { idempotencyKey: `portal-invitation:${row.id}` } });
    expect(mail).toMatchObject({ kind: "PORTAL_INVITATION", toEmail: client.email, status: "PENDING" });
    expect(JSON.stringify(mail)).not.toContain(token);
    const audit = await db.auditLog.findMany({
      where: { action: "client.portal_invitation_sent", targetId: client.id },
    });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toEqual({ to: client.email, expiresAt: "2026-11-29T12:00:00.000Z" });
    expect(JSON.stringify(audit)).not.toContain(token);
  });

  it("are rate-limited per client, refuse staff and support addresses, and stop working when the client's email changes", async () => {
    const { ctx, client, slug, token } = await clientWithLink();
    await expect(sendPortalInvitation(ctx, client.id, later(1))).rejects.toThrow(
      "An invitation was just sent. You can send another in 4 minutes.",
    );
    for (let i = 1; i <= 4; i++) await sendPortalInvitation(ctx, client.id, later(6 * i));
    await expect(sendPortalInvitation(ctx, client.id, later(40))).rejects.toThrow(
      "This client was already invited 5 times today. Try again tomorrow.",
    );

    const ownerAddress = await createTestClient(db, ctx.businessId, { email: ctx.business.owner.email.toUpperCase() });
    await expect(sendPortalInvitation(ctx, ownerAddress.id)).rejects.toThrow(
      "This email belongs to a staff or support account.",
    );

    const other = await clientWithLink();
    await db.client.update({
      where: { id: other.client.id },
      data: { email: "someone-else@example.test", emailNormalized: "someone-else@example.test" },
    });
    expect(await findUsablePortalLink(other.slug, other.token)).toBeNull();
    expect(token).not.toBe(other.token);
    void slug;
  });

  it("work once: setting a password signs the client in, and the same link then fails", async () => {
    const { slug, token, client } = await clientWithLink();
    const session = await setPortalPassword(slug, { token, password: PASSWORD, confirm: PASSWORD });
    expect(await resolvePortalSession(slug, session.token)).toEqual({
      businessId: client.businessId,
      businessSlug: slug,
      clientId: client.id,
    });
    expect(await findUsablePortalLink(slug, token)).toBeNull();
    await expect(
      setPortalPassword(slug, { token, password: "another-password-1", confirm: "another-password-1" }),
    ).rejects.toMatchObject({
      issues: [
        { path: ["token"], message: "This link has expired or was already used. Ask the studio for a new one." },
      ],
    });
  });

  it("expire after 72 hours, are replaced by a newer link, and only work in their own business's portal", async () => {
    const { ctx, client, slug, token } = await clientWithLink();
    const in73h = new Date(Date.now() + 73 * 3_600_000);
    await expect(
      setPortalPassword(slug, { token, password: PASSWORD, confirm: PASSWORD }, in73h),
    ).rejects.toMatchObject({ issues: [{ path: ["token"] }] });
    const other = await staffContext();
    expect(await findUsablePortalLink(other.business.business.slug, token)).toBeNull();
    await sendPortalInvitation(ctx, client.id, later(6));
    expect(await findUsablePortalLink(slug, token)).toBeNull();
    expect(await findUsablePortalLink(slug, await invitationToken(client.id))).not.toBeNull();
  });

  it("check the password and refuse a client of another business or without an email", async () => {
    const { slug, token } = await clientWithLink();
    await expect(setPortalPassword(slug, { token, password: "short", confirm: "short" })).rejects.toMatchObject({
      issues: [{ path: ["password"], message: "Use at least 10 characters." }],
    });
    await expect(
      setPortalPassword(slug, { token, password: PASSWORD, confirm: "different-password" }),
    ).rejects.toMatchObject({ issues: [{ path: ["confirm"] }] });
    const ctx = await staffContext();
    const other = await staffContext();
    const foreign = await createTestClient(db, other.businessId);
    await expect(sendPortalInvitation(ctx, foreign.id)).rejects.toThrow("Not found");
    const noEmail = await createTestClient(db, ctx.businessId, { email: null });
    await expect(sendPortalInvitation(ctx, noEmail.id)).rejects.toThrow(
      "This client has no email, so they cannot be invited. Add their email to the profile first.",
    );
  });
});

describe("portal sign-in and sessions", () => {
  it("signs in by email (any case) and password, and signs out", async () => {
    const { slug, token, client } = await clientWithLink();
    await setPortalPassword(slug, { token, password: PASSWORD, confirm: PASSWORD });
    const result = await signInPortal(
      slug,
      { email: ` ${client.email!.toUpperCase()} `, password: PASSWORD },
      { address: testAddress() },
    );
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
    expect(
      await signInPortal(
        other.business.business.slug,
        { email: client.email, password: PASSWORD },
        { address: testAddress() },
      ),
    ).toEqual({ ok: false, message: "Wrong email or password." });
    expect(
      await signInPortal(slug, { email: "nobody@example.test", password: PASSWORD }, { address: testAddress() }),
    ).toEqual({ ok: false, message: "Wrong email or password." });
    expect(
      await signInPortal(slug, { email: "x".repeat(10_000), password: PASSWORD }, { address: testAddress() }),
    ).toEqual({ ok: false, message: "That email is too long." });
    const stranger = { address: testAddress() };
    for (let i = 0; i < 4; i++)
      expect(await signInPortal(slug, { email: client.email, password: `wrong-${i}` }, stranger)).toMatchObject({
        ok: false,
      });
    expect(await signInPortal(slug, { email: client.email, password: "wrong-5" }, stranger)).toEqual({
      ok: false,
      message: "Too many failed attempts. Try again in 15 minutes.",
    });
    expect(await signInPortal(slug, { email: client.email, password: PASSWORD }, stranger)).toMatchObject({
      ok: false,
      message: /Too many/,
    });
    // The stranger's failures do not lock the client out: from their own address the right password works.
    expect(
      await signInPortal(slug, { email: client.email, password: PASSWORD }, { address: testAddress() }),
    ).toMatchObject({ ok: true });
  });

  it("lets the client in from their usual browser (its device cookie) after a stranger locked out their address", async () => {
    const { slug, token, client } = await clientWithLink();
    await setPortalPassword(slug, { token, password: PASSWORD, confirm: PASSWORD });
    const home = testAddress();
    const earlier = await signInPortal(slug, { email: client.email, password: PASSWORD }, { address: home });
    if (!earlier.ok) throw new Error(earlier.message);
    for (let i = 0; i < 5; i++)
      await signInPortal(slug, { email: client.email, password: `guess-${i}` }, { address: home });
    expect(await signInPortal(slug, { email: client.email, password: PASSWORD }, { address: home })).toMatchObject({
      ok: false,
      message: /Too many/,
    });
    const usualBrowser = { address: home, deviceCookie: earlier.deviceCookie };
    expect(await signInPortal(slug, { email: client.email, password: PASSWORD }, usualBrowser)).toMatchObject({
      ok: true,
      deviceCookie: earlier.deviceCookie,
    });
  });

  it("keeps a session to its own business's portal, and ends it when expired or when a new password is set", async () => {
    const { ctx, slug, token, client } = await clientWithLink();
    const session = await setPortalPassword(slug, { token, password: PASSWORD, confirm: PASSWORD });
    const other = await staffContext();
    expect(await resolvePortalSession(other.business.business.slug, session.token)).toBeNull();
    expect(await resolvePortalSession(slug, session.token, new Date(Date.now() + 15 * 86_400_000))).toBeNull();
    expect(await resolvePortalSession(slug, "forged")).toBeNull();
    await sendPortalInvitation(ctx, client.id, later(6));
    await setPortalPassword(slug, {
      token: await invitationToken(client.id),
      password: "a-new-password-2",
      confirm: "a-new-password-2",
    });
    expect(await resolvePortalSession(slug, session.token)).toBeNull();
  });

  it("tells family members sharing an email apart by password, and never lets two share one", async () => {
    const email = `family-${Date.now()}@example.test`;
    const { ctx, slug, token, client: parent } = await clientWithLink(email);
    const child = await createTestClient(db, ctx.businessId, { email: email.toUpperCase() });
    await setPortalPassword(slug, { token, password: PASSWORD, confirm: PASSWORD });
    await sendPortalInvitation(ctx, child.id);
    const childToken = await invitationToken(child.id);
    await expect(
      setPortalPassword(slug, { token: childToken, password: PASSWORD, confirm: PASSWORD }),
    ).rejects.toMatchObject({
      issues: [
        { path: ["password"], message: "Choose a different password: another profile with this email uses this one." },
      ],
    });
    // The refused attempt did not use up the link.
    await setPortalPassword(slug, { token: childToken, password: "the-child-password", confirm: "the-child-password" });
    const asParent = await signInPortal(slug, { email, password: PASSWORD }, { address: testAddress() });
    const asChild = await signInPortal(slug, { email, password: "the-child-password" }, { address: testAddress() });
    expect(await resolvePortalSession(slug, (asParent as { token: string }).token)).toMatchObject({
      clientId: parent.id,
    });
    expect(await resolvePortalSession(slug, (asChild as { token: string }).token)).toMatchObject({
      clientId: child.id,
    });
  });

  it("answers a slug no business can have (NUL, a lone surrogate) like an unknown portal, never an error", async () => {
    const { ctx, slug, token, client } = await clientWithLink();
    const session = await setPortalPassword(slug, { token, password: PASSWORD, confirm: PASSWORD });
    await sendPortalInvitation(ctx, client.id, later(6));
    const unused = await invitationToken(client.id);
    expect(await findPortalBusiness(slug)).toEqual({ name: ctx.business.business.name });
    for (const bad of [`${slug}\u0000`, "\u0000", `\u0000${slug}`, `${slug}\uD800`, "x".repeat(101)]) {
      expect(await signInPortal(bad, { email: client.email, password: PASSWORD }, { address: testAddress() })).toEqual({
        ok: false,
        message: "Wrong email or password.",
      });
      expect(await resolvePortalSession(bad, session.token)).toBeNull();
      expect(await findUsablePortalLink(bad, unused)).toBeNull();
      await expect(setPortalPassword(bad, { token: unused, password: PASSWORD, confirm: PASSWORD })).rejects.toThrow(
        "This link has expired",
      );
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
    expect(await db.client.findUniqueOrThrow({ where: { id: client.id } })).toMatchObject({
      newsOptIn: true,
      consentMethod: "CLIENT_PORTAL",
      syncVersion: client.syncVersion + 1,
    });
    expect(await setPortalSubscription(portal, false)).toEqual({ changed: true });
    expect(await db.client.findUniqueOrThrow({ where: { id: client.id } })).toMatchObject({
      newsOptIn: false,
      unsubscribeSource: "CLIENT_PORTAL",
      syncVersion: client.syncVersion + 2,
    });
    const events = await db.consentEvent.findMany({ where: { clientId: client.id }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => [e.toOptIn, e.source, e.consentMethod, e.actorUserId])).toEqual([
      [true, "CLIENT_PORTAL", "CLIENT_PORTAL", null],
      [false, "CLIENT_PORTAL", null, null],
    ]);
    // The real actor: the client, from their own session (never a staff user, never anonymous).
    expect(events.map((e) => [e.actorClientId, e.impersonatorUserId])).toEqual([
      [client.id, null],
      [client.id, null],
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
    await expect(setPortalSubscription({ ...portal, businessId: other.businessId }, false)).rejects.toThrow(
      "Not found",
    );
    await setPortalSubscription(portal, false);
    expect((await db.client.findUniqueOrThrow({ where: { id: sibling.id } })).newsOptIn).toBe(true);
  });
});

describe("who may claim portal consent", () => {
  it("only the client's own session: staff or support context cannot record a Client Portal consent", async () => {
    const ctx = await staffContext();
    const client = await createTestClient(db, ctx.businessId);
    const support = {
      ...ctx,
      actor: { ...ctx.actor, impersonator: { userId: ctx.business.owner.id, label: "Support" } },
    };
    const { changeConsent } = await import("../change-consent");
    for (const who of [ctx, support]) {
      await expect(
        changeConsent(who, { clientId: client.id, optIn: true, source: "CLIENT_PORTAL", method: "CLIENT_PORTAL" }),
      ).rejects.toThrow("must come from the client's own portal session");
      await expect(
        changeConsent(who, { clientId: client.id, optIn: true, source: "STAFF", method: "CLIENT_PORTAL" }),
      ).rejects.toThrow("must come from the client's own portal session");
      await expect(
        changeConsent(who, {
          clientId: client.id,
          optIn: true,
          source: "CLIENT_PORTAL",
          method: "CLIENT_PORTAL",
          actorClientId: client.id,
        }),
      ).rejects.toThrow("never both");
    }
    expect((await db.client.findUniqueOrThrow({ where: { id: client.id } })).newsOptIn).toBe(false);
    expect(await db.consentEvent.count({ where: { clientId: client.id } })).toBe(0);
  });
});
