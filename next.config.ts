import type { NextConfig } from "next";
import { FIXED_SECURITY_HEADERS, STATIC_FILE_CSP } from "./lib/http/security-headers";

const nextConfig: NextConfig = {
  // Native and wasm packages stay outside the server bundle.
  serverExternalPackages: ["@node-rs/argon2", "@electric-sql/pglite", "@electric-sql/pglite-socket", "pg"],
  poweredByHeader: false,
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
