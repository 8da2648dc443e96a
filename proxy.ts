import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { REQUEST_PATH_HEADER } from "@/lib/auth/return-path";
import { contentSecurityPolicy, newNonce, strictTransportSecurity } from "@/lib/http/security-headers";

// Runs before every page and route handler (not static files): the per-request security headers, and the path that
// was asked for, so a signed-out visitor is brought back to it after signing in.
export function proxy(request: NextRequest) {
  const csp = contentSecurityPolicy({ nonce: newNonce(), development: process.env.NODE_ENV === "development" });
  const forwarded = new Headers(request.headers);
  // Next reads the nonce from the request's CSP header and puts it on the scripts it renders.
  forwarded.set("Content-Security-Policy", csp);
  const asked = new URL(request.url);
  asked.searchParams.delete("_rsc"); // the router's cache key, not part of the page's address
  forwarded.set(REQUEST_PATH_HEADER, `${asked.pathname}${asked.search}`);

  const response = NextResponse.next({ request: { headers: forwarded } });
  response.headers.set("Content-Security-Policy", csp);
  const hsts = strictTransportSecurity(env().APP_URL);
  if (hsts) response.headers.set("Strict-Transport-Security", hsts);
  return response;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
