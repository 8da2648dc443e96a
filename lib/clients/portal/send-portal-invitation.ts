import type { BusinessScope } from "../../auth/business-context";
import { db, type Tx } from "../../db";
import { recordAudit } from "../../audit";
import { NotFoundError, UserFacingError } from "../../errors";
import { randomToken, sha256 } from "../../crypto";
import { requestMailDelivery } from "../../jobs/send-event";
import { enqueueMail } from "../../mail-outbox";
import type { ClientsContext } from "../client-context";

export const PORTAL_LINK_HOURS = 72;
/** Resend limits: one invitation per client every few minutes, a handful a day (each one is an email to a person). */
export const INVITATION_MIN_GAP_MINUTES = 5;
export const INVITATIONS_PER_DAY = 5;

export type SentInvitation = { sentTo: string; expiresAt: Date };

/**
 * "Send portal invitation": emails the client a single-use link to set their Client Portal password. The token goes
 * only into the email (encrypted in the outbox until sent, then wiped); staff and support never see it, and the
 * database keeps only its hash. The link is bound to the address it went to, so it stops working if the client's
 * email changes. A new invitation retires the client's earlier unused links. Emails of staff of this business and
 * of platform support are refused: nobody who works the admin app may end up holding a client's credential.
 */
export async function sendPortalInvitation(
  ctx: ClientsContext,
  clientId: string,
  now = new Date(),
): Promise<SentInvitation> {
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + PORTAL_LINK_HOURS * 3_600_000);
  const { outboxId, sentTo } = await db.$transaction(async (tx) => {
    // The client's row lock serialises two clicks, so the resend limit holds under a double submission.
    const locked = await tx.$queryRaw<
      { id: string }[]
    >`SELECT id FROM "Client" WHERE id = ${clientId}::uuid AND "businessId" = ${ctx.businessId}::uuid FOR UPDATE`;
    if (locked.length === 0) throw new NotFoundError();
    const client = await tx.client.findFirstOrThrow({
      where: { id: clientId, businessId: ctx.businessId },
      select: {
        firstName: true,
        email: true,
        emailNormalized: true,
        business: { select: { name: true, slug: true, timeZone: true } },
      },
    });
    if (!client.email || !client.emailNormalized)
      throw new UserFacingError(
        "This client has no email, so they cannot be invited. Add their email to the profile first.",
      );
    await refuseStaffAddress(tx, ctx.businessId, client.emailNormalized);
    await enforceResendLimit(tx, ctx.businessId, clientId, now);

    await tx.clientPortalToken.updateMany({
      where: { clientId, businessId: ctx.businessId, usedAt: null },
      data: { usedAt: now },
    });
    const link = await tx.clientPortalToken.create({
      data: {
        tokenHash: sha256(token),
        clientId,
        businessId: ctx.businessId,
        createdByUserId: ctx.actor.userId,
        sentToEmail: client.emailNormalized,
        expiresAt,
        createdAt: now,
      },
    });
    const outboxId = await enqueueMail(tx, {
      businessId: ctx.businessId,
      idempotencyKey: `portal-invitation:${link.id}`,
      kind: "PORTAL_INVITATION",
      toEmail: client.email,
      payload: {
        businessName: client.business.name,
        firstName: client.firstName,
        slug: client.business.slug,
        expiresAt: expiresAt.toISOString(),
        timeZone: client.business.timeZone,
      },
      secret: token,
    });
    await recordAudit(
      {
        action: "client.portal_invitation_sent",
        actor: ctx.actor,
        businessId: ctx.businessId,
        target: { type: "client", id: clientId },
        details: { to: client.email, expiresAt: expiresAt.toISOString() },
      },
      tx,
    );
    return { outboxId, sentTo: client.email };
  });
  await requestMailDelivery([outboxId]);
  return { sentTo, expiresAt };
}

async function refuseStaffAddress(tx: Tx, businessId: string, emailNormalized: string): Promise<void> {
  const staff = await tx.user.count({
    where: { email: emailNormalized, OR: [{ platformRole: "SUPPORT" }, { memberships: { some: { businessId } } }] },
  });
  if (staff > 0)
    throw new UserFacingError(
      "This email belongs to a staff or support account. A portal invitation can only go to the client's own address.",
    );
}

async function enforceResendLimit(tx: Tx, businessId: string, clientId: string, now: Date): Promise<void> {
  const recent = await tx.clientPortalToken.findMany({
    where: {
      clientId,
      businessId,
      sentToEmail: { not: null },
      createdAt: { gt: new Date(now.getTime() - 86_400_000) },
    },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true },
  });
  const last = recent[0];
  if (last && now.getTime() - last.createdAt.getTime() < INVITATION_MIN_GAP_MINUTES * 60_000) {
    const wait = Math.ceil((last.createdAt.getTime() + INVITATION_MIN_GAP_MINUTES * 60_000 - now.getTime()) / 60_000);
    throw new UserFacingError(
      `An invitation was just sent. You can send another in ${wait} minute${wait === 1 ? "" : "s"}.`,
    );
  }
  if (recent.length >= INVITATIONS_PER_DAY)
    throw new UserFacingError(
      `This client was already invited ${INVITATIONS_PER_DAY} times today. Try again tomorrow.`,
    );
}

/** The latest invitation of a client, for the profile page: where it went, when, and whether it still works. */
export async function latestPortalInvitation(scope: BusinessScope, clientId: string, now = new Date()) {
  const invitation = await db.clientPortalToken.findFirst({
    where: { businessId: scope.businessId, clientId, sentToEmail: { not: null } },
    orderBy: { createdAt: "desc" },
    select: { sentToEmail: true, createdAt: true, expiresAt: true, usedAt: true },
  });
  if (!invitation) return null;
  const state = invitation.usedAt ? "used" : invitation.expiresAt <= now ? "expired" : "open";
  return { sentToEmail: invitation.sentToEmail, createdAt: invitation.createdAt, state } as const;
}
