import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { completeConnect } from "../integrations/constant-contact/connection";
import { markReconnectRequired } from "../integrations/connections";
import { startConnect } from "../integrations/constant-contact/connection";
import { db } from "../db";
import { renderMail } from "../mail/render-mail";
import { connectedBusiness } from "@/tests/support/connected-business";
import { signInAtSandbox } from "@/tests/support/sign-in-at-sandbox";
import { startSyncSandbox, type SyncSandbox } from "@/tests/support/sync-sandbox";
import { testBusiness } from "@/tests/support/test-business";
import { listAlertPreferences, setAlertPreference } from "./alert-preferences";
import { openIncident, resolveIncident } from "./incidents";
import { unsubscribeFromAlert } from "./unsubscribe-from-alert";
import { signUnsubscribeToken, verifyUnsubscribeToken } from "./unsubscribe-token";

const alertsOf = (businessId: string) =>
  db.mailOutbox.findMany({
    where: { businessId, kind: { in: ["ALERT_OPENED", "ALERT_RESOLVED"] } },
    orderBy: { createdAt: "asc" },
    select: { kind: true, toEmail: true, payload: true },
  });

describe("incidents", () => {
  it("send one email per person when an incident opens, none while it stays open, and one back-to-normal when it ends", async () => {
    const b = await testBusiness();
    const open = () =>
      db.$transaction((tx) =>
        openIncident(tx, {
          businessId: b.business.id,
          provider: "CONSTANT_CONTACT",
          kind: "RUN_FAILED",
          details: { error: "503 from Constant Contact" },
        }),
      );
    expect(await open()).toHaveLength(1); // the owner; staff have not chosen this alert
    expect(await open()).toEqual([]); // the next failed run of the same incident
    expect(await open()).toEqual([]);
    expect((await alertsOf(b.business.id)).map((m) => [m.kind, m.toEmail])).toEqual([["ALERT_OPENED", b.owner.email]]);

    const resolve = () =>
      db.$transaction((tx) =>
        resolveIncident(tx, { businessId: b.business.id, provider: "CONSTANT_CONTACT", kind: "RUN_FAILED" }),
      );
    expect(await resolve()).toHaveLength(1);
    expect(await resolve()).toEqual([]);
    expect((await alertsOf(b.business.id)).map((m) => m.kind)).toEqual(["ALERT_OPENED", "ALERT_RESOLVED"]);

    // A new failure later is a new incident with its own email.
    expect(await open()).toHaveLength(1);
    expect(await db.alertIncident.count({ where: { businessId: b.business.id } })).toBe(2);
    expect(await db.alertIncident.count({ where: { businessId: b.business.id, resolvedAt: null } })).toBe(1);
  });

  it("reach staff who turned an alert on, skip an owner who turned it off, and end quietly when asked", async () => {
    const b = await testBusiness();
    await setAlertPreference(b.staffCtx, { kind: "QUOTA_PAUSED", enabled: true });
    await setAlertPreference(b.ownerCtx, { kind: "QUOTA_PAUSED", enabled: false });
    await db.$transaction((tx) =>
      openIncident(tx, {
        businessId: b.business.id,
        provider: "CONSTANT_CONTACT",
        kind: "QUOTA_PAUSED",
        details: { resumeAt: "2026-11-29 00:00" },
      }),
    );
    expect((await alertsOf(b.business.id)).map((m) => m.toEmail)).toEqual([b.staff.email]);
    expect(
      await db.$transaction((tx) =>
        resolveIncident(tx, {
          businessId: b.business.id,
          provider: "CONSTANT_CONTACT",
          kind: "QUOTA_PAUSED",
          notify: false,
        }),
      ),
    ).toEqual([]);
    expect(await db.alertIncident.count({ where: { businessId: b.business.id, resolvedAt: null } })).toBe(0);
  });
});

describe("the reconnect alert, through the real connection code", () => {
  let env: SyncSandbox;
  beforeAll(async () => {
    env = await startSyncSandbox();
  });
  afterAll(() => env.sandbox.close());

  it("tells the owner once when the grant dies, and that it is back to normal after reconnecting", async () => {
    const b = await connectedBusiness(env);
    await markReconnectRequired(b.connectionId, "invalid_grant");
    await markReconnectRequired(b.connectionId, "invalid_grant"); // another run hitting the same dead grant
    expect((await alertsOf(b.business.id)).map((m) => [m.kind, m.toEmail])).toEqual([["ALERT_OPENED", b.owner.email]]);

    const { authorizeUrl } = await startConnect(b.ownerCtx, env.config);
    const params = await signInAtSandbox(authorizeUrl, { email: b.accountEmail });
    expect(await completeConnect(b.ownerCtx, params, env.deps())).toMatchObject({ ok: true, status: "ACTIVE" });
    expect((await alertsOf(b.business.id)).map((m) => [m.kind, m.toEmail])).toEqual([
      ["ALERT_OPENED", b.owner.email],
      ["ALERT_RESOLVED", b.owner.email],
    ]);
    expect(await db.alertIncident.findFirstOrThrow({ where: { businessId: b.business.id } })).toMatchObject({
      kind: "RECONNECT_NEEDED",
      openKey: null,
      resolvedAt: expect.any(Date),
    });
  });
});

describe("alert emails", () => {
  it("say what happened, what it means and what to do, link to the page, and carry one-click unsubscribe headers", async () => {
    const b = await testBusiness();
    await db.$transaction((tx) =>
      openIncident(tx, {
        businessId: b.business.id,
        provider: "CONSTANT_CONTACT",
        kind: "RECONNECT_NEEDED",
        details: { reason: "invalid_grant" },
      }),
    );
    const row = await db.mailOutbox.findFirstOrThrow({ where: { businessId: b.business.id } });
    const mail = await renderMail(row, null);
    expect(mail.subject).toBe(`Action needed: reconnect Constant Contact for ${b.business.name}`);
    expect(mail.html).toContain(b.business.name);
    for (const part of [
      "What happened:",
      "What it means for your clients:",
      "What to do:",
      "Reconnect Constant Contact",
      "/setup/integrations/constant-contact",
    ])
      expect(mail.text).toContain(part);
    expect(mail.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    const oneClick = mail.headers["List-Unsubscribe"]!.match(/^<(.+)>$/)![1]!;
    const token = new URL(oneClick).searchParams.get("token")!;
    expect(verifyUnsubscribeToken(token)).toEqual({
      userId: b.owner.id,
      businessId: b.business.id,
      kind: "RECONNECT_NEEDED",
    });
    expect(mail.text).toContain("/alerts/unsubscribe?token=");
  });
});

describe("alert preferences and unsubscribe links", () => {
  it("default to on for owners and off for staff, and support impersonating never changes them", async () => {
    const b = await testBusiness();
    expect((await listAlertPreferences(b.ownerCtx)).every((p) => p.enabled)).toBe(true);
    expect((await listAlertPreferences(b.staffCtx)).every((p) => !p.enabled)).toBe(true);
    const asSupport = {
      ...b.ownerCtx,
      actor: { ...b.ownerCtx.actor, impersonator: { userId: b.staff.id, label: "Support" } },
    };
    await expect(setAlertPreference(asSupport, { kind: "RECONNECT_NEEDED", enabled: false })).rejects.toThrow(
      "Support cannot change someone's alert settings.",
    );
    expect(await db.alertPreference.count({ where: { businessId: b.business.id } })).toBe(0);
    await expect(
      setAlertPreference(b.ownerCtx, { kind: "NOT_A_KIND" as "RUN_FAILED", enabled: false }),
    ).rejects.toThrow();
  });

  it("turn one kind off for the person in the signed token, without login, and refuse forged or foreign tokens", async () => {
    const b = await testBusiness();
    const token = signUnsubscribeToken({ userId: b.owner.id, businessId: b.business.id, kind: "CLIENTS_UNSENDABLE" });
    expect(await unsubscribeFromAlert(token)).toEqual({
      ok: true,
      kindLabel: "Clients that cannot be sent",
      businessName: b.business.name,
    });
    expect(await unsubscribeFromAlert(token)).toMatchObject({ ok: true }); // a second click changes nothing more
    const prefs = await listAlertPreferences(b.ownerCtx);
    expect(prefs.filter((p) => !p.enabled).map((p) => p.kind)).toEqual(["CLIENTS_UNSENDABLE"]);
    expect(await db.auditLog.count({ where: { businessId: b.business.id, action: "alerts.unsubscribed" } })).toBe(2);

    const [body, sig] = token.split(".");
    const forged = `${Buffer.from(JSON.stringify({ u: b.staff.id, b: b.business.id, k: "RUN_FAILED" })).toString("base64url")}.${sig}`;
    expect(await unsubscribeFromAlert(forged)).toEqual({ ok: false });
    expect(await unsubscribeFromAlert(`${body}.AAAA`)).toEqual({ ok: false });
    expect(await unsubscribeFromAlert("not-a-token")).toEqual({ ok: false });
    const other = await testBusiness();
    expect(
      await unsubscribeFromAlert(
        signUnsubscribeToken({ userId: b.owner.id, businessId: other.business.id, kind: "RUN_FAILED" }),
      ),
    ).toEqual({ ok: false });

    await db.$transaction((tx) =>
      openIncident(tx, {
        businessId: b.business.id,
        provider: "CONSTANT_CONTACT",
        kind: "CLIENTS_UNSENDABLE",
        details: { count: 3 },
      }),
    );
    expect(await alertsOf(b.business.id)).toEqual([]);
  });
});
