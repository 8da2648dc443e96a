"use server";

import { z } from "zod";
import { NotAuthenticatedError } from "@/lib/auth/errors";
import { failureOf, type ActionResult } from "@/lib/auth/define-action";
import { setPortalSubscription } from "@/lib/clients/portal/portal-notification-settings";
import { endPortalSession } from "@/lib/clients/portal/portal-session";
import { setPortalPassword } from "@/lib/clients/portal/set-portal-password";
import { signInPortal } from "@/lib/clients/portal/sign-in-portal";
import { clearPortalCookie, currentPortal, portalToken, setPortalCookie } from "./portal-cookie";

// The Client Portal's actions. Not businessAction (that is staff, next-auth); the portal's own door is the
// session cookie, and the client and business always come from the session, never from the request. The slug
// only says which portal the browser is on: a session of another business's portal does not resolve here.
const Slug = z.string().min(1).max(100);

export async function signInPortalAction(slug: string, raw: { email: string; password: string }): Promise<ActionResult<null>> {
  try {
    const result = await signInPortal(Slug.parse(slug), raw);
    if (!result.ok) return { ok: false, error: result.message };
    await setPortalCookie(result.token, result.expiresAt);
    return { ok: true, data: null };
  } catch (error) {
    return failureOf(error);
  }
}

export async function setPortalPasswordAction(slug: string, raw: { token: string; password: string; confirm: string }): Promise<ActionResult<null>> {
  try {
    const session = await setPortalPassword(Slug.parse(slug), raw);
    await setPortalCookie(session.token, session.expiresAt);
    return { ok: true, data: null };
  } catch (error) {
    return failureOf(error);
  }
}

export async function setSubscriptionAction(slug: string, raw: { optIn: boolean }): Promise<ActionResult<{ changed: boolean }>> {
  try {
    const { optIn } = z.object({ optIn: z.boolean() }).parse(raw);
    const portal = await currentPortal(Slug.parse(slug));
    if (!portal) throw new NotAuthenticatedError();
    return { ok: true, data: await setPortalSubscription(portal, optIn) };
  } catch (error) {
    return failureOf(error);
  }
}

export async function signOutPortalAction(): Promise<ActionResult<null>> {
  try {
    await endPortalSession(await portalToken());
    await clearPortalCookie();
    return { ok: true, data: null };
  } catch (error) {
    return failureOf(error);
  }
}
