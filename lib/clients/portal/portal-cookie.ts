import { cookies } from "next/headers";
import { cookieOptions } from "@/lib/http/cookie-options";
import { PORTAL_SESSION_COOKIE, resolvePortalSession, type PortalContext } from "@/lib/clients/portal/portal-session";

/** The portal's own session cookie: httpOnly, scoped to /portal, never the staff (next-auth) session. */
export async function portalToken(): Promise<string | undefined> {
  return (await cookies()).get(PORTAL_SESSION_COOKIE)?.value;
}

export async function currentPortal(businessSlug: string): Promise<PortalContext | null> {
  return resolvePortalSession(businessSlug, await portalToken());
}

export async function setPortalCookie(token: string, expires: Date): Promise<void> {
  (await cookies()).set(PORTAL_SESSION_COOKIE, token, cookieOptions({ path: "/portal", expires }));
}

export async function clearPortalCookie(): Promise<void> {
  (await cookies()).set(PORTAL_SESSION_COOKIE, "", cookieOptions({ path: "/portal", maxAge: 0 }));
}
