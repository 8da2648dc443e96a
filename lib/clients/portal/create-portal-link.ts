import { db } from "../../db";
import { recordAudit } from "../../audit";
import { NotFoundError, UserFacingError } from "../../auth/errors";
import { randomToken, sha256 } from "../../crypto";
import type { ClientsContext } from "../client-context";

export const PORTAL_LINK_HOURS = 72;

/**
 * Staff create a one-time link with which a client sets their Client Portal password. Only the sha256 of the token
 * is stored, so a database leak gives no usable links; the raw token exists once, in the answer to staff. A new
 * link retires the client's earlier unused links (one live link per client at a time).
 */
export async function createPortalLink(ctx: ClientsContext, clientId: string, now = new Date()): Promise<{ path: string; expiresAt: Date }> {
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + PORTAL_LINK_HOURS * 3_600_000);
  const slug = await db.$transaction(async (tx) => {
    const client = await tx.client.findFirst({ where: { id: clientId, businessId: ctx.businessId }, select: { id: true, emailNormalized: true, business: { select: { slug: true } } } });
    if (!client) throw new NotFoundError();
    if (!client.emailNormalized) throw new UserFacingError("Add an email to this client first: the Client Portal signs in with email.");
    await tx.clientPortalToken.updateMany({ where: { clientId, businessId: ctx.businessId, usedAt: null }, data: { usedAt: now } });
    await tx.clientPortalToken.create({
      data: { tokenHash: sha256(token), clientId, businessId: ctx.businessId, createdByUserId: ctx.actor.userId, expiresAt },
    });
    await recordAudit(
      { action: "client.portal_link_created", actor: ctx.actor, businessId: ctx.businessId, target: { type: "client", id: clientId }, details: { expiresAt: expiresAt.toISOString() } },
      tx,
    );
    return client.business.slug;
  });
  return { path: `/portal/${slug}/set-password?token=${encodeURIComponent(token)}`, expiresAt };
}
