import { expect, test, type APIResponse } from "@playwright/test";
import { createTestBusiness, TEST_PASSWORD } from "../prisma/seed/factories";
import { openConstantContactPage } from "./constant-contact-steps";
import { login, readStack, testDb } from "./fixtures";

// Every response carries the security headers (the main stack's APP_URL is http, so no HSTS here; see
// production-settings.spec.ts for https).

function expectSecurityHeaders(response: APIResponse) {
  const headers = response.headers();
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("same-origin");
  expect(headers["permissions-policy"]).toContain("camera=()");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["strict-transport-security"]).toBeUndefined();
}

function scriptSources(csp: string): string {
  return csp.split(";").map((d) => d.trim()).find((d) => d.startsWith("script-src")) ?? "";
}

test("pages, route handlers and static files carry the security headers; scripts need this response's nonce", async ({ request }) => {
  const page = await request.get("/login");
  expect(page.status()).toBe(200);
  expectSecurityHeaders(page);
  const scripts = scriptSources(page.headers()["content-security-policy"]!);
  expect(scripts).toMatch(/^script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}' 'strict-dynamic'$/);
  const html = await page.text();
  const nonce = /'nonce-([^']+)'/.exec(scripts)![1]!;
  // Next puts the nonce on the scripts it renders; every script tag of the page has it.
  const scriptTags = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scriptTags.length).toBeGreaterThan(0);
  for (const tag of scriptTags) expect(tag).toContain(`nonce="${nonce}"`);
  // A fresh nonce on every response.
  const again = scriptSources((await request.get("/login")).headers()["content-security-policy"]!);
  expect(again).not.toBe(scripts);

  for (const path of ["/api/health", "/api/auth/csrf", "/api/integrations/constant-contact/status"]) {
    expectSecurityHeaders(await request.get(path));
  }
  const asset = /\/_next\/static\/[^"]+\.js/.exec(html)![0];
  const file = await request.get(asset);
  expect(file.status()).toBe(200);
  expectSecurityHeaders(file);
});

test("no other site can frame the app (a frame-able site, the sandbox, shows that framing works here)", async ({ page }) => {
  const { appUrl, sandboxUrl } = readStack();
  await page.goto(`${sandboxUrl}/`);
  await page.setContent(`<iframe id="app" src="${appUrl}/login"></iframe><iframe id="sandbox" src="${sandboxUrl}/"></iframe>`);
  await expect(page.frameLocator("#sandbox").locator("body")).not.toBeEmpty();
  // Chromium refuses to render the app inside the frame: no login form, whatever the frame shows instead.
  await page.waitForLoadState("load");
  await expect(page.frameLocator("#app").getByRole("heading", { name: "Log in" })).toHaveCount(0);
  await expect(page.frameLocator("#app").getByLabel("Password")).toHaveCount(0);
});

test("the app works under its policy: no violation while signing in and using the Constant Contact page", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  const db = await testDb();
  const { owner } = await createTestBusiness(db);
  await login(page, owner.email, TEST_PASSWORD);
  await openConstantContactPage(page);
  await page.getByRole("button", { name: "App Drawer" }).click();
  await expect(page.getByRole("dialog", { name: "Apps" })).toBeVisible();
  await page.keyboard.press("Escape");
  await page.goto("/clients");
  await expect(page.getByRole("heading", { name: "Clients" })).toBeVisible();
  expect(violations).toEqual([]);
});
