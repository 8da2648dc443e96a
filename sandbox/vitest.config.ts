// Runs the sandbox's own tests without the repository's global Postgres setup, which the sandbox does not need:
//   npx vitest run sandbox --config sandbox/vitest.config.ts
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["sandbox/**/*.test.ts"],
    testTimeout: 30_000,
    pool: "forks",
  },
});
