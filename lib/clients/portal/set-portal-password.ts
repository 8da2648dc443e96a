import { z } from "zod";
import { db } from "../../db";
import { recordAudit } from "../../audit";
import { hashPassword, verifyPassword } from "../../auth/password";
import { sha256 } from "../../crypto";
import { fieldError } from "../load-business-options";
import { isPortalSlug } from "./portal-business";
import { PortalPassword } from "./portal-password";
import { startPortalSession } from "./portal-session";

export const SetPortalPasswordInput = z
  .object({ token: z.string().min(1).max(200), password: PortalPassword, confirm: z.string().max(200) })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "The passwords do not match." });
export type SetPortalPasswordInput = z.input<typeof SetPortalPasswordInput>;

const INVALID_LINK = "This link has expired or was already used. Ask the studio for a new one.";

/** The link's client, if the link is for this business, still usable, and still for the client's address. */
export async function findUsablePortalLink(businessSlug: string, token: string, now = new Date()) {
  if (!token || token.length > 200 || !isPortalSlug(businessSlug)) return null;
  const link = await db.clientPortalToken.findUnique({
    where: { tokenHash: sha256(token) },
    select: { id: true, clientId: true, businessId: true, usedAt: true, expiresAt: true, sentToEmail: true },
  });
  if (!link || link.usedAt || link.expiresAt <= now) return null;
  const client = await db.client.findFirst({
    where: { id: link.clientId, businessId: link.businessId, business: { slug: businessSlug } },
    select: { id: true, firstName: true, emailNormalized: true, businessId: true },
  });
  // The link belongs to the mailbox it was sent to: once the client's email changed, it no longer works.
  if (!client || !link.sentToEmail || client.emailNormalized !== link.sentToEmail) return null;
  return { linkId: link.id, client };
}

/**
 * Sets the client's portal password through a one-time link and signs them in. The link is consumed by a
 * conditional update, so two submissions of one link set one password. Family rule: clients of one business may
 * share an email, and sign-in picks the client whose password matches, so a password already used by another
 * client with the same email is refused (sign-in must never match two).
 */
export async function setPortalPassword(businessSlug: string, raw: SetPortalPasswordInput, now = new Date()) {
  const input = SetPortalPasswordInput.parse(raw);
  const link = await findUsablePortalLink(businessSlug, input.token, now);
  if (!link) throw fieldError("token", INVALID_LINK);
  const { client } = link;

  const family = !client.emailNormalized
    ? []
    : await db.client.findMany({
        where: {
          businessId: client.businessId,
          emailNormalized: client.emailNormalized,
          id: { not: client.id },
          portalPasswordHash: { not: null },
        },
        select: { portalPasswordHash: true },
        take: 20,
      });
  for (const other of family) {
    if (await verifyPassword(other.portalPasswordHash!, input.password)) {
      throw fieldError("password", "Choose a different password: another profile with this email uses this one.");
    }
  }
  const passwordHash = await hashPassword(input.password);

  return db.$transaction(async (tx) => {
    const consumed = await tx.clientPortalToken.updateMany({
      where: { id: link.linkId, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (consumed.count !== 1) throw fieldError("token", INVALID_LINK);
    await tx.client.update({
      where: { id: client.id, businessId: client.businessId },
      data: { portalPasswordHash: passwordHash },
    });
    // A new password ends every earlier session of this client (whoever held the old one is signed out).
    await tx.portalSession.deleteMany({ where: { clientId: client.id, businessId: client.businessId } });
    await recordAudit(
      {
        action: "client.portal_password_set",
        actor: { userId: null, label: `Client ${client.id} (portal)` },
        businessId: client.businessId,
        target: { type: "client", id: client.id },
      },
      tx,
    );
    return startPortalSession(tx, client.id, client.businessId, now);
  });
}
