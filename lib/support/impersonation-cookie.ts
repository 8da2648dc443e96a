import { cookies } from "next/headers";
import { cookieOptions } from "../http/cookie-options";
import { IMPERSONATION_COOKIE } from "./impersonation-rules";

/** The cookie only points at an Impersonation row; resolveImpersonation validates it on every request. */
export async function setImpersonationCookie(impersonationId: string, expiresAt: Date): Promise<void> {
  (await cookies()).set(IMPERSONATION_COOKIE, impersonationId, cookieOptions({ expires: expiresAt }));
}

export async function readImpersonationCookie(): Promise<string | null> {
  return (await cookies()).get(IMPERSONATION_COOKIE)?.value ?? null;
}

export async function clearImpersonationCookie(): Promise<void> {
  (await cookies()).delete(IMPERSONATION_COOKIE);
}
