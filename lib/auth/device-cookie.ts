// Device cookies (OWASP's "Slow Down Online Guessing Attacks with Device Cookies"): a browser that signed in to an
// account gets a token for that account, signed with the app's secret. Its later attempts for that account are
// counted per token instead of per address, so a stranger using up the address's budget (a shared studio Wi-Fi, an
// office behind one NAT) cannot lock the owner out of their usual browser; a stolen token still gets only a few
// guesses (lib/auth/login-throttle.ts). One cookie holds the tokens of the last few accounts signed in to from this
// browser (staff and Client Portal alike); a token names no account, it only verifies against one.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { cookies } from "next/headers";
import { cookieOptions } from "../http/cookie-options";

export const DEVICE_COOKIE = "sign_in_device";
const MAX_AGE_SECONDS = 180 * 24 * 60 * 60; // renewed by every sign-in
const MAX_TOKENS = 10;
const TOKEN = /^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/;

function signature(secret: string, account: string, nonce: string): string {
  return createHmac("sha256", secret).update(`sign-in device\u0000${account}\u0000${nonce}`).digest("base64url");
}

function tokensIn(cookie: string | undefined): string[] {
  return (cookie ?? "").split("~").filter((token) => TOKEN.test(token));
}

/** The nonce of this cookie's token for `account` (what its failures are counted by), or null if it has none. */
export function deviceFor(cookie: string | undefined, account: string, secret: string): string | null {
  for (const token of tokensIn(cookie)) {
    const [nonce, mac] = token.split(".") as [string, string];
    const expected = Buffer.from(signature(secret, account, nonce));
    if (timingSafeEqual(Buffer.from(mac), expected)) return nonce;
  }
  return null;
}

/**
 * The cookie after a successful sign-in to `account`: its token for the account first (the same one if it had one, so
 * that device keeps its count), then the other accounts' tokens, at most MAX_TOKENS.
 */
export function withDeviceToken(cookie: string | undefined, account: string, secret: string): string {
  const nonce = deviceFor(cookie, account, secret) ?? randomBytes(16).toString("base64url");
  const token = `${nonce}.${signature(secret, account, nonce)}`;
  const others = tokensIn(cookie).filter((t) => t !== token);
  return [token, ...others].slice(0, MAX_TOKENS).join("~");
}

/** This request's device cookie (inside a Next request: a route handler or a server action). */
export async function readDeviceCookie(): Promise<string | undefined> {
  return (await cookies()).get(DEVICE_COOKIE)?.value;
}

/** Sets it from a server action (the Client Portal's sign-in). */
export async function keepDeviceCookie(value: string): Promise<void> {
  (await cookies()).set(DEVICE_COOKIE, value, cookieOptions({ maxAge: MAX_AGE_SECONDS }));
}

/**
 * The Set-Cookie line that keeps it, with the same options, for next-auth's sign-in answer. Not `cookies().set()`
 * there: Next would then re-serialize every cookie of next-auth's answer (its session cookie included).
 */
export function deviceCookieHeader(value: string): string {
  const { secure } = cookieOptions();
  return `${DEVICE_COOKIE}=${value}; Path=/; Max-Age=${MAX_AGE_SECONDS}; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}
