import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
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
  return (
    csp
      .split(";")
      .map((d) => d.trim())
      .find((d) => d.startsWith("script-src")) ?? ""
  );
}

test("pages, route handlers and static files carry the security headers; scripts need this response's nonce", async ({
  request,
}) => {
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

test("no other site can frame the app (a page without the headers, framed the same way, shows)", async ({ page }) => {
  const { appUrl } = readStack();
  // Another site on this machine (Chromium keeps public pages from framing local servers at all): its page, and a
  // page of its own that allows framing.
  const site = createServer((request, response) => {
    response.setHeader("content-type", "text/html");
    response.end(request.url === "/frameable" ? "<h1>Frameable</h1>" : "<h1>Attacker</h1>");
  });
  await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
  const siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  try {
    await page.goto(`${siteUrl}/`);
    // Each frame is added and awaited until it has loaded (Chromium also fires load for a frame it refused).
    const frameOf = async (id: string, src: string) => {
      await page.evaluate(
        ({ id, src }) =>
          new Promise<void>((resolve) => {
            const frame = document.createElement("iframe");
            frame.id = id;
            frame.onload = () => resolve();
            frame.src = src;
            document.body.append(frame);
          }),
        { id, src },
      );
      return (await page.locator(`#${id}`).elementHandle())!.contentFrame();
    };
    const control = await frameOf("control", `${siteUrl}/frameable`);
    expect(control!.url()).toBe(`${siteUrl}/frameable`);
    await expect(control!.getByRole("heading", { name: "Frameable" })).toBeVisible();

    const app = await frameOf("app", `${appUrl}/login`);
    expect(app!.url()).not.toBe(`${appUrl}/login`);
    await expect(app!.getByRole("heading", { name: "Log in" })).toHaveCount(0);
    await expect(app!.getByLabel("Password")).toHaveCount(0);
  } finally {
    await new Promise((resolve) => site.close(resolve));
  }
});

test("the app works under its policy: no violation while signing in and using the Constant Contact page", async ({
  page,
}) => {
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
