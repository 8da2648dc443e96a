// The one set of options for our own cookies (active business, support impersonation, Client Portal session):
// never readable by scripts, sent on top-level navigations from other sites (a link into the app keeps you signed
// in) but not on their cross-site posts, and only over HTTPS in production.

export type CookieOptions = {
  httpOnly: true;
  sameSite: "lax";
  path: string;
  secure: boolean;
  expires?: Date;
  maxAge?: number;
};

/** The options with a narrower path, an expiry, or maxAge 0 to clear the cookie. */
export function cookieOptions(overrides: { path?: string; expires?: Date; maxAge?: number } = {}): CookieOptions {
  return { httpOnly: true, sameSite: "lax", path: "/", secure: process.env.NODE_ENV === "production", ...overrides };
}
