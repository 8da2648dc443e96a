import { cookies } from "next/headers";
import { PORTAL_SESSION_COOKIE, resolvePortalSession, type PortalContext } from "@/lib/clients/portal/portal-session";

/** The portal's own session cookie: httpOnly, scoped to /portal, never the staff (next-auth) session. */
export async function portalToken(): Promise<string | undefined> {
  return (await cookies()).get(PORTAL_SESSION_COOKIE)?.value;
}

export async function currentPortal(businessSlug: string): Promise<PortalContext | null> {
  return resolvePortalSession(businessSlug, await portalToken());
}

export async function setPortalCookie(token: string, expires: Date): Promise<void> {
  (await cookies()).set(PORTAL_SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "lax",
    path: "/portal",
    secure: process.env.NODE_ENV === "production",
    expires,
  });
}

export async function clearPortalCookie(): Promise<void> {
  (await cookies()).set(PORTAL_SESSION_COOKIE, "", { httpOnly: true, sameSite: "lax", path: "/portal", maxAge: 0 });
}
