// The layers of the action client, and the clients every server action in app/ starts from. Each action then states
// only what is special about it: its input schema and its handler.
import { z } from "zod";
import { businessContextOf, withRole, type BusinessContext, type Role } from "../auth/business-context";
import { NotAuthenticatedError } from "../errors";
import type { SessionUser } from "../auth/session";
import { PORTAL_SESSION_COOKIE, resolvePortalSession, type PortalContext } from "../clients/portal/portal-session";
import { requireSupportUser } from "../support/support-guard";
import { actionClient, type Layer } from "./action-client";

/** A signed-in user (re-read from the database), or "Sign in to continue." */
export const requireUser: Layer<object, { user: SessionUser }> = async ({ request }) => {
  const user = await request.user();
  if (!user) throw new NotAuthenticatedError();
  return { user };
};

/**
 * The user's business context (a membership, chosen by the active-business cookie, or a support impersonation),
 * with one of `roles` when given; the context becomes the handler's `ctx`, so it is the only source of `businessId`.
 */
export function requireBusiness(roles?: readonly Role[]): Layer<{ user: SessionUser }, BusinessContext> {
  return async ({ ctx, request }) => withRole(await businessContextOf(ctx.user, request), roles);
}

/** A SUPPORT user, or Next's notFound() for everyone else, signed out included (the console is not revealed). */
export const requireSupport: Layer<object, { user: SessionUser }> = async ({ request }) => ({
  user: await requireSupportUser(request),
});

/**
 * Which Client Portal the browser is on: the route's `business` slug, sent with every portal action. It only picks
 * the portal; the session decides who is asking.
 */
export const PortalInput = z.object({ business: z.string().min(1).max(100) });

/**
 * The Client Portal's session cookie (never the staff session). The client and business come from the session,
 * never from the request; a session of another business's portal does not resolve here.
 */
export const requirePortal: Layer<object, PortalContext> = async ({ request, rawInput }) => {
  const { business } = PortalInput.parse(rawInput);
  const portal = await resolvePortalSession(business, await request.cookie(PORTAL_SESSION_COOKIE));
  if (!portal) throw new NotAuthenticatedError();
  return portal;
};

export const userAction = actionClient.use(requireUser);
export const businessAction = (roles?: readonly Role[]) => userAction.use(requireBusiness(roles));
export const supportAction = actionClient.use(requireSupport);
export const portalAction = actionClient.use(requirePortal);
