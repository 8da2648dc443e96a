// The security headers of every response. proxy.ts sets the per-request ones (the CSP with its nonce, HSTS from the
// run-time APP_URL); next.config.ts sets the fixed ones, on every path including static files.

type Header = { key: string; value: string };

/** Same on every response, static files included. */
export const FIXED_SECURITY_HEADERS: Header[] = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  // Our URLs carry client names in search queries: other sites get no referrer at all.
  { key: "Referrer-Policy", value: "same-origin" },
  {
    key: "Permissions-Policy",
    value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()",
  },
  // For browsers without CSP frame-ancestors; the CSP below says the same.
  { key: "X-Frame-Options", value: "DENY" },
];

/** Static files (outside the proxy): nothing in them may load anything, nor be framed. */
export const STATIC_FILE_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * The policy of pages and route handlers. Scripts run only with this request's nonce (Next puts it on its own
 * scripts when it finds it in the request's CSP header) and what they load ('strict-dynamic'), so an injected
 * <script> or inline handler does not run. Styles allow 'unsafe-inline': React writes `style` attributes into the
 * server-rendered HTML (progress bars) and a nonce cannot cover attributes; injected CSS cannot run code. Nothing
 * may frame the app (clickjacking of Disconnect or "Log in as this business"). In development React's debugging
 * needs eval (Next's guidance; production never evals).
 */
export function contentSecurityPolicy({ nonce, development }: { nonce: string; development: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** HSTS only where the app is served over https (a browser ignores it over http anyway; localhost must stay http). */
export function strictTransportSecurity(appUrl: string): string | null {
  return new URL(appUrl).protocol === "https:" ? "max-age=63072000; includeSubDomains" : null;
}

/** A fresh, unguessable nonce per request. */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}
