// The address a sign-in attempt comes from, for throttling (lib/auth/login-throttle.ts).
//
// Next's App Router gives route handlers and server actions headers, not the socket. What it does give: `next start`
// writes the socket's address into X-Forwarded-For when the request has none (base-server.js, `??=`), and keeps a
// header the request brought. So:
// - Behind reverse proxies (TRUSTED_PROXY_HOPS = N > 0), each proxy appends the address it saw; the N-th entry from
//   the right is what our outermost proxy saw, the client itself. Entries further left are whatever the client wrote,
//   so never the first entry (it would let an attacker pick a fresh address per attempt).
// - Reached directly (0), the only entry is the socket address Next wrote. A client that sends its own X-Forwarded-For
//   keeps it, and could claim a fresh address per attempt: that only widens the per-address budgets, never locks
//   anyone else out, and the per-account slowdown still applies. Production should run behind a proxy and set
//   TRUSTED_PROXY_HOPS.
import { isIP } from "node:net";
import { env } from "../env";

export const UNKNOWN_ADDRESS = "unknown";

/** Header access as both next-auth (a plain object) and Next (`headers()`) give it. */
export type HeaderSource = Headers | Record<string, string | string[] | undefined> | undefined;

function headerValue(headers: HeaderSource, name: string): string | undefined {
  if (!headers) return undefined;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(",") : value;
}

export function clientAddress(headers: HeaderSource, trustedProxyHops: number = env().TRUSTED_PROXY_HOPS): string {
  const entries = (headerValue(headers, "x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const candidate = entries.at(-Math.max(1, trustedProxyHops)) ?? "";
  // An IPv4-mapped IPv6 address is the IPv4 address (one client, one budget).
  const address = candidate.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
  return isIP(address) ? address : UNKNOWN_ADDRESS;
}
