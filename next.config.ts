import type { NextConfig } from "next";
import { FIXED_SECURITY_HEADERS, STATIC_FILE_CSP } from "./lib/http/security-headers";

const nextConfig: NextConfig = {
  // Native and wasm packages stay outside the server bundle.
  serverExternalPackages: ["@node-rs/argon2", "@electric-sql/pglite", "@electric-sql/pglite-socket", "pg"],
  poweredByHeader: false,
  // `next dev` logs every server action call with its arguments (portal passwords, set-password tokens), and every
  // request's URL, query included: the one-time set-password link carries its token there.
  logging: { serverFunctions: false, incomingRequests: { ignore: [/[?&]token=/] } },
  // Lets two builds live side by side (parallel browser-test runs on one machine).
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // `npm test` type-checks the whole repository (app, lib, sandbox, scripts, tests) with tsc once; the build
  // would repeat it for the app alone.
  typescript: { ignoreBuildErrors: true },
  // The per-request headers (CSP with a nonce, HSTS) come from proxy.ts, which static files skip.
  async headers() {
    return [
      { source: "/:path*", headers: FIXED_SECURITY_HEADERS },
      { source: "/_next/static/:path*", headers: [{ key: "Content-Security-Policy", value: STATIC_FILE_CSP }] },
    ];
  },
};

export default nextConfig;
