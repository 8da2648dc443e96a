import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL("./", import.meta.url)) } },
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
