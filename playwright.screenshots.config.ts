import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

// `npm run screenshots`: the README's screenshots, taken from a browser run against the e2e stack (the same server
// as the browser tests), so they show the app as it is. Writes docs/screenshots/*.png.
export default defineConfig({
  ...base,
  testDir: "e2e/screenshots",
  testMatch: "**/*.shots.ts",
  reporter: "list",
  use: { ...base.use, viewport: { width: 1280, height: 800 }, colorScheme: "light" },
});
