import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native and wasm packages stay outside the server bundle.
  serverExternalPackages: ["@node-rs/argon2", "@electric-sql/pglite", "@electric-sql/pglite-socket", "pg"],
  poweredByHeader: false,
};

export default nextConfig;
