import { db } from "../../db";
import { NotFoundError } from "../../errors";
import { changeConsent } from "../change-consent";
import type { PortalContext } from "./portal-session";

/** What a signed-in client sees: their own name and opt-in, nothing else of the business. */
export async function getPortalProfile(portal: PortalContext) {
  const client = await db.client.findFirst({
    where: { id: portal.clientId, businessId: portal.businessId },
    select: { firstName: true, lastName: true, email: true, newsOptIn: true, business: { select: { name: true } } },
  });
  if (!client) throw new NotFoundError();
  return client;
}

/**
 * The client subscribes or unsubscribes themselves. Subscribing in the portal is itself the consent (method
 * CLIENT_PORTAL, now); the client id comes from the session, never from the request, and is recorded as the actor.
 * The session can only come from the client's own password, set through a link emailed to them.
 */
export async function setPortalSubscription(portal: PortalContext, optIn: boolean, now = new Date()) {
  const ctx = { businessId: portal.businessId, actor: { userId: null, label: `Client ${portal.clientId} (portal)` } };
  return changeConsent(ctx, {
    clientId: portal.clientId,
    actorClientId: portal.clientId,
    optIn,
    source: "CLIENT_PORTAL",
    method: optIn ? "CLIENT_PORTAL" : null,
    consentGivenAt: optIn ? now : null,
    at: now,
  });
}
