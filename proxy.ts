import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { REQUEST_PATH_HEADER } from "@/lib/auth/return-path";
import { contentSecurityPolicy, newNonce, strictTransportSecurity } from "@/lib/http/security-headers";
import { refuseMalformedServerAction } from "@/lib/http/server-action-body";

// Runs before every page and route handler (not static files): the per-request security headers, the path that
// was asked for, so a signed-out visitor is brought back to it after signing in, and a 400 for a server action call
// whose body the framework could not decode (it would answer with a server error).
export async function proxy(request: NextRequest) {
  const csp = contentSecurityPolicy({ nonce: newNonce(), development: process.env.NODE_ENV === "development" });
  const refusal = await refuseMalformedServerAction(request);
  if (refusal) {
    const response = new NextResponse(refusal.message, {
      status: refusal.status,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
    return withSecurityHeaders(response, csp);
  }
  const forwarded = new Headers(request.headers);
  // Next reads the nonce from the request's CSP header and puts it on the scripts it renders.
  forwarded.set("Content-Security-Policy", csp);
  const asked = new URL(request.url);
  asked.searchParams.delete("_rsc"); // the router's cache key, not part of the page's address
  forwarded.set(REQUEST_PATH_HEADER, `${asked.pathname}${asked.search}`);

  return withSecurityHeaders(NextResponse.next({ request: { headers: forwarded } }), csp);
}

function withSecurityHeaders(response: NextResponse, csp: string): NextResponse {
  response.headers.set("Content-Security-Policy", csp);
  const hsts = strictTransportSecurity(env().APP_URL);
  if (hsts) response.headers.set("Strict-Transport-Security", hsts);
  return response;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
