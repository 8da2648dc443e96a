import { describe, expect, it } from "vitest";
import { NotFoundError } from "../errors";
import { changeConsentByStaff } from "../clients/change-consent";
import type { CcConfig } from "../integrations/constant-contact/config";
import { chooseList, contactListsForBusiness } from "../integrations/constant-contact/connection";
import { completeConnect } from "../integrations/constant-contact/connection";
import { connectionOverview } from "../integrations/constant-contact/connection";
import { disconnectConnection } from "../integrations/constant-contact/connection";
import { startConnect } from "../integrations/constant-contact/connection";
import { db } from "../db";
import { requestManualSync, retryFailedClients } from "../sync/manual";
import { createTestClient } from "../../prisma/seed/factories";
import { impersonatedBusinessContext } from "../auth/business-context";
import {
  expireImpersonationsOf,
  IMPERSONATION_MINUTES,
  startImpersonation,
  stopImpersonation,
} from "../auth/impersonation";
import { auditOf, createSupportUser, REASON, supportAndBusiness } from "@/tests/support/support-user";

const minutes = (n: number) => n * 60_000;

describe("starting an impersonation", () => {
  it("creates a row that expires in 60 minutes and audits the reason with both identities", async () => {
    const { supportUser, business } = await supportAndBusiness();
    const now = new Date("2026-11-26T10:00:00.000Z");
    const started = await startImpersonation({
      supportUserId: supportUser.id,
      businessId: business.id,
      reason: `  ${REASON}  `,
      now,
    });
    expect(started.expiresAt.toISOString()).toBe(
      new Date(now.getTime() + minutes(IMPERSONATION_MINUTES)).toISOString(),
    );

    const row = await db.impersonation.findUniqueOrThrow({ where: { id: started.impersonationId } });
    expect(row).toMatchObject({
      supportUserId: supportUser.id,
      businessId: business.id,
      reason: REASON,
      endedAt: null,
    });

    const [entry] = await auditOf(business.id, "support.impersonation_started");
    expect(entry).toMatchObject({
      actorUserId: supportUser.id,
      actorLabel: `${supportUser.name} (support) as ${business.name}`,
      impersonatorUserId: supportUser.id,
      impersonatorLabel: `${supportUser.name} <${supportUser.email}>`,
      targetType: "Impersonation",
      targetId: row.id,
    });
    expect(entry?.details).toMatchObject({ reason: REASON });
  });

  it("is not found for a non-support user, an unknown business, and refuses a short reason", async () => {
    const { supportUser, business, owner, staff } = await supportAndBusiness();
    for (const user of [owner, staff]) {
      await expect(
        startImpersonation({ supportUserId: user.id, businessId: business.id, reason: REASON }),
      ).rejects.toBeInstanceOf(NotFoundError);
    }
    await expect(
      startImpersonation({
        supportUserId: supportUser.id,
        businessId: "00000000-0000-4000-8000-000000000000",
        reason: REASON,
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      startImpersonation({ supportUserId: supportUser.id, businessId: business.id, reason: "   help    " }),
    ).rejects.toThrow(/at least 10 characters/);
    await expect(
      startImpersonation({ supportUserId: supportUser.id, businessId: business.id, reason: "x".repeat(501) }),
    ).rejects.toThrow(/500/);
    expect(await db.impersonation.count({ where: { businessId: business.id } })).toBe(0);
  });

  it("ends the support user's previous impersonation when another starts", async () => {
    const { supportUser, business } = await supportAndBusiness();
    const second = await supportAndBusiness();
    const first = await startImpersonation({ supportUserId: supportUser.id, businessId: business.id, reason: REASON });
    await startImpersonation({ supportUserId: supportUser.id, businessId: second.business.id, reason: REASON });
    expect((await db.impersonation.findUniqueOrThrow({ where: { id: first.impersonationId } })).endedAt).not.toBeNull();
    expect(await auditOf(business.id, "support.impersonation_stopped")).toHaveLength(1);
  });
});

describe("resolving an impersonation", () => {
  it("gives the business with the owner's role and an actor carrying the support user", async () => {
    const { supportUser, business } = await supportAndBusiness();
    const { impersonationId } = await startImpersonation({
      supportUserId: supportUser.id,
      businessId: business.id,
      reason: REASON,
    });
    const ctx = await impersonatedBusinessContext({ supportUser, impersonationId });
    expect(ctx).toMatchObject({
      businessId: business.id,
      businessName: business.name,
      role: "OWNER",
      user: { id: supportUser.id },
      actor: { userId: supportUser.id, impersonator: { userId: supportUser.id } },
      impersonation: { id: impersonationId, reason: REASON, supportUserName: supportUser.name },
    });
  });

  it("gives nothing for a forged, malformed, ended or someone else's impersonation id", async () => {
    const { supportUser, business } = await supportAndBusiness();
    const other = await createSupportUser();
    const { impersonationId } = await startImpersonation({
      supportUserId: supportUser.id,
      businessId: business.id,
      reason: REASON,
    });
    expect(await impersonatedBusinessContext({ supportUser: other, impersonationId })).toBeNull();
    expect(
      await impersonatedBusinessContext({ supportUser: { ...supportUser, isSupport: false }, impersonationId }),
    ).toBeNull();
    expect(
      await impersonatedBusinessContext({ supportUser, impersonationId: "00000000-0000-4000-8000-000000000000" }),
    ).toBeNull();
    expect(await impersonatedBusinessContext({ supportUser, impersonationId: "'; drop table users; --" })).toBeNull();
    expect(await impersonatedBusinessContext({ supportUser, impersonationId: null })).toBeNull();
    // Someone else cannot stop it either.
    expect(await stopImpersonation({ supportUser: other, impersonationId })).toEqual({ stopped: false });
    expect(await impersonatedBusinessContext({ supportUser, impersonationId })).not.toBeNull();
  });

  it("expires after 60 minutes: ignored, ended at its expiry time, audited once", async () => {
    const { supportUser, business } = await supportAndBusiness();
    const start = new Date("2026-11-26T10:00:00.000Z");
    const { impersonationId, expiresAt } = await startImpersonation({
      supportUserId: supportUser.id,
      businessId: business.id,
      reason: REASON,
      now: start,
    });
    expect(
      await impersonatedBusinessContext({ supportUser, impersonationId, now: new Date(start.getTime() + minutes(59)) }),
    ).not.toBeNull();

    const later = new Date(start.getTime() + minutes(61));
    // A layout and its page notice the expiry at the same time.
    const results = await Promise.all(
      [1, 2, 3].map(() => impersonatedBusinessContext({ supportUser, impersonationId, now: later })),
    );
    expect(results).toEqual([null, null, null]);
    expect(await impersonatedBusinessContext({ supportUser, impersonationId, now: later })).toBeNull();

    const row = await db.impersonation.findUniqueOrThrow({ where: { id: impersonationId } });
    expect(row.endedAt?.toISOString()).toBe(expiresAt.toISOString());
    const expired = await auditOf(business.id, "support.impersonation_expired");
    expect(expired).toHaveLength(1);
    expect(expired[0]).toMatchObject({ actorUserId: supportUser.id, impersonatorUserId: supportUser.id });
    expect(await expireImpersonationsOf(supportUser, later)).toBe(0);
    expect(await auditOf(business.id, "support.impersonation_stopped")).toHaveLength(0);
  });

  it("the support console records an expiry nobody noticed on an admin page", async () => {
    const { supportUser, business } = await supportAndBusiness();
    const start = new Date(Date.now() - minutes(90));
    await startImpersonation({ supportUserId: supportUser.id, businessId: business.id, reason: REASON, now: start });
    expect(await expireImpersonationsOf(supportUser)).toBe(1);
    expect(await auditOf(business.id, "support.impersonation_expired")).toHaveLength(1);
  });
});

describe("stopping", () => {
  it("ends it, audits the stop with both identities, and a second Stop does nothing", async () => {
    const { supportUser, business } = await supportAndBusiness();
    const { impersonationId } = await startImpersonation({
      supportUserId: supportUser.id,
      businessId: business.id,
      reason: REASON,
    });
    expect(await stopImpersonation({ supportUser, impersonationId })).toEqual({ stopped: true, expired: false });
    expect(await stopImpersonation({ supportUser, impersonationId })).toEqual({ stopped: false });
    expect(await impersonatedBusinessContext({ supportUser, impersonationId })).toBeNull();
    const stopped = await auditOf(business.id, "support.impersonation_stopped");
    expect(stopped).toHaveLength(1);
    expect(stopped[0]).toMatchObject({
      actorUserId: supportUser.id,
      impersonatorUserId: supportUser.id,
      actorLabel: `${supportUser.name} (support) as ${business.name}`,
    });
  });
});

describe("actions taken while impersonating", () => {
  const noCc: CcConfig = {
    clientId: "x",
    clientSecret: "x",
    authBaseUrl: "http://127.0.0.1:9",
    apiBaseUrl: "http://127.0.0.1:9",
    redirectUri: "http://127.0.0.1:9/cb",
  };

  it("are audited with both identities (consent change)", async () => {
    const { supportUser, business } = await supportAndBusiness();
    const { impersonationId } = await startImpersonation({
      supportUserId: supportUser.id,
      businessId: business.id,
      reason: REASON,
    });
    const ctx = (await impersonatedBusinessContext({ supportUser, impersonationId }))!;

    const client = await createTestClient(db, business.id, { newsOptIn: true });
    await changeConsentByStaff(ctx, { clientId: client.id, optIn: false });
    const [consent] = await auditOf(business.id, "client.consent_changed");
    expect(consent).toMatchObject({
      actorUserId: supportUser.id,
      impersonatorUserId: supportUser.id,
      actorLabel: `${supportUser.name} (support) as ${business.name}`,
    });
    expect(consent?.details).toMatchObject({ source: "STAFF", from: true, to: false });
    const event = await db.consentEvent.findFirstOrThrow({ where: { clientId: client.id } });
    expect(event.impersonatorUserId).toBe(supportUser.id);
  });

  it("may not connect, choose the list or disconnect Constant Contact: only the real owner can", async () => {
    const { supportUser, business } = await supportAndBusiness();
    const { impersonationId } = await startImpersonation({
      supportUserId: supportUser.id,
      businessId: business.id,
      reason: REASON,
    });
    const ctx = (await impersonatedBusinessContext({ supportUser, impersonationId }))!;
    await db.connection.create({
      data: {
        provider: "CONSTANT_CONTACT",
        businessId: business.id,
        status: "ACTIVE",
        accountName: "Sunrise Marketing",
        listId: "l-1",
        listName: "Newsletter",
      },
    });

    const refused = /Support cannot change the Constant Contact connection/;
    await expect(startConnect(ctx, noCc)).rejects.toThrow(refused);
    await expect(contactListsForBusiness(ctx)).rejects.toThrow(refused);
    await expect(chooseList(ctx, { listId: "l-2" })).rejects.toThrow(refused);
    await expect(disconnectConnection(ctx, noCc)).rejects.toThrow(refused);
    // The OAuth callback route answers with the "forbidden" code before it looks at the state.
    expect(await completeConnect(ctx, new URLSearchParams({ state: "s", code: "c" }), { config: noCc })).toEqual({
      ok: false,
      error: "forbidden",
    });
    expect(await db.oAuthState.count({ where: { businessId: business.id } })).toBe(0);
    expect(
      await db.connection.findUniqueOrThrow({
        where: { businessId_provider: { businessId: business.id, provider: "CONSTANT_CONTACT" } },
      }),
    ).toMatchObject({
      status: "ACTIVE",
      listId: "l-1",
    });
    expect(await connectionOverview(ctx)).toMatchObject({ canManage: false, impersonating: true });
  });

  it("may use Sync now and Retry, audited with both identities", async () => {
    const { supportUser, business } = await supportAndBusiness();
    const { impersonationId } = await startImpersonation({
      supportUserId: supportUser.id,
      businessId: business.id,
      reason: REASON,
    });
    const ctx = (await impersonatedBusinessContext({ supportUser, impersonationId }))!;
    await db.connection.create({
      data: {
        provider: "CONSTANT_CONTACT",
        businessId: business.id,
        status: "ACTIVE",
        accountName: "Sunrise Marketing",
        listId: "l-1",
        listName: "Newsletter",
      },
    });

    await requestManualSync(ctx, "CONSTANT_CONTACT");
    expect(await retryFailedClients(ctx, { provider: "CONSTANT_CONTACT" })).toEqual({ retried: 0 });
    const both = {
      actorUserId: supportUser.id,
      actorLabel: `${supportUser.name} (support) as ${business.name}`,
      impersonatorUserId: supportUser.id,
      impersonatorLabel: `${supportUser.name} <${supportUser.email}>`,
    };
    expect(await auditOf(business.id, "sync.requested_manually")).toEqual([expect.objectContaining(both)]);
    expect(await auditOf(business.id, "sync.retry_requested")).toEqual([expect.objectContaining(both)]);
  });
});
