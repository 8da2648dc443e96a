import { db, type Tx } from "../../db";
import { randomToken, sha256 } from "../../crypto";
import { isPortalSlug } from "./portal-business";

export const PORTAL_SESSION_DAYS = 14;
/** httpOnly, path /portal: the staff app never receives it, and portal pages never see the staff session. */
export const PORTAL_SESSION_COOKIE = "portal_session";

/** Who is signed in to the portal of which business. Every portal query uses both ids. */
export type PortalContext = { businessId: string; businessSlug: string; clientId: string };

export async function startPortalSession(tx: Tx, clientId: string, businessId: string, now = new Date()) {
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + PORTAL_SESSION_DAYS * 86_400_000);
  await tx.portalSession.create({ data: { tokenHash: sha256(token), clientId, businessId, expiresAt } });
  return { token, expiresAt };
}

/**
 * The portal session for this business, or null. A session of another business's portal (same cookie path) is
 * not valid here, and neither is one whose client is gone.
 */
export async function resolvePortalSession(
  businessSlug: string,
  token: string | undefined,
  now = new Date(),
): Promise<PortalContext | null> {
  if (!token || token.length > 200 || !isPortalSlug(businessSlug)) return null;
  const session = await db.portalSession.findUnique({
    where: { tokenHash: sha256(token) },
    select: { clientId: true, businessId: true, expiresAt: true },
  });
  if (!session || session.expiresAt <= now) return null;
  const client = await db.client.findFirst({
    where: { id: session.clientId, businessId: session.businessId, business: { slug: businessSlug } },
    select: { id: true },
  });
  if (!client) return null;
  return { businessId: session.businessId, businessSlug, clientId: client.id };
}

export async function endPortalSession(token: string | undefined): Promise<void> {
  if (!token || token.length > 200) return;
  await db.portalSession.deleteMany({ where: { tokenHash: sha256(token) } });
}
