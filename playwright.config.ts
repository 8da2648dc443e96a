import { defineConfig } from "@playwright/test";
// The tests load lib/db and other server-only modules to create their data (see lib/db.ts).
import "./scripts/lib/allow-server-only.mjs";
import { CHROMIUM_ARGS } from "./scripts/lib/chromium";

// scripts/test.ts resolves the browser and passes it in CHROMIUM_PATH (it fails loudly when there is none).
const executablePath = process.env.CHROMIUM_PATH || undefined;
const appPort = Number(process.env.E2E_APP_PORT ?? 3100);

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"], ["json", { outputFile: ".data/test-results/playwright.json" }]],
  use: {
    baseURL: `http://localhost:${appPort}`,
    launchOptions: { executablePath, args: CHROMIUM_ARGS },
    trace: "retain-on-failure",
  },
  webServer: {
    command: "npx tsx --import ./scripts/lib/allow-server-only.mjs scripts/e2e-server.ts",
    url: `http://localhost:${appPort}/api/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
  },
});
