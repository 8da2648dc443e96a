import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

export default defineConfig({
  resolve: {
    alias: {
      "@": fileURLToPath(new URL("./", import.meta.url)),
      // Tests load server-only modules (lib/db.ts and the like) outside Next: the package's own no-op, as in Next's
      // server bundles (see the comment in lib/db.ts).
      "server-only": fileURLToPath(new URL("./node_modules/server-only/empty.js", import.meta.url)),
    },
  },
  test: {
    // Every folder: a test placed anywhere runs (scripts/test.ts fails the run if a test file was not collected).
    include: ["**/*.test.{ts,tsx}"],
    exclude: ["node_modules/**", ".next/**", ".data/**", "e2e/**", "lib/generated/**"],
    // One throwaway Postgres database per run, migrated for real (tests/setup/global-db.ts).
    globalSetup: ["tests/setup/global-db.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests share one database; each creates its own uniquely named data.
    fileParallelism: true,
    pool: "forks",
  },
});
