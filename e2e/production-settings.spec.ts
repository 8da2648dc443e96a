import { expect, test } from "@playwright/test";
import { login } from "./fixtures";
import { PRODUCTION_PORT, startProductionStack, type ProductionStack } from "./production-stack";

// The production build with production settings: NODE_ENV=production, no development defaults, explicit secrets,
// an https APP_URL and no NEXTAUTH_URL (the app derives it from APP_URL). The server listens on http://localhost,
// as behind a TLS-terminating proxy; Chromium treats localhost as secure, so it keeps Secure cookies here.
const PUBLIC_URL = "https://studio.example.test";
let stack: ProductionStack;

test.use({ baseURL: `http://localhost:${PRODUCTION_PORT}` });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  stack = await startProductionStack(PUBLIC_URL);
});

test.afterAll(async () => {
  test.setTimeout(60_000);
  await stack?.stop();
});

function setCookieLines(headers: { name: string; value: string }[], cookieName: string): string[] {
  return headers
    .filter((h) => h.name.toLowerCase() === "set-cookie" && h.value.startsWith(`${cookieName}=`))
    .map((h) => h.value);
}

test("session and CSRF cookies are Secure, HttpOnly, SameSite=Lax and carry the __Secure-/__Host- prefixes", async ({
  page,
  context,
}) => {
  const csrf = await page.request.get("/api/auth/csrf");
  const csrfLine = setCookieLines(await csrf.headersArray(), "__Host-next-auth.csrf-token");
  expect(csrfLine).toHaveLength(1);
  expect(csrfLine[0]).toMatch(/; Path=\/(;|$)/);
  expect(csrfLine[0]).toMatch(/; HttpOnly(;|$)/);
  expect(csrfLine[0]).toMatch(/; Secure(;|$)/);
  expect(csrfLine[0]).toMatch(/; SameSite=Lax(;|$)/);
  expect(csrfLine[0]).not.toMatch(/; Domain=/i);

  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const signIn = await page.request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email: "owner@sunrise.test", password: "demo-password", callbackUrl: "/clients", json: "true" },
    maxRedirects: 0,
  });
  const sessionLine = setCookieLines(await signIn.headersArray(), "__Secure-next-auth.session-token");
  expect(sessionLine, await signIn.text()).toHaveLength(1);
  expect(sessionLine[0]).toMatch(/; Path=\/(;|$)/);
  expect(sessionLine[0]).toMatch(/; HttpOnly(;|$)/);
  expect(sessionLine[0]).toMatch(/; Secure(;|$)/);
  expect(sessionLine[0]).toMatch(/; SameSite=Lax(;|$)/);
  // The device cookie the sign-in earned (lib/auth/device-cookie.ts) has the same protections.
  const deviceLine = setCookieLines(await signIn.headersArray(), "sign_in_device");
  expect(deviceLine).toHaveLength(1);
  expect(deviceLine[0]).toMatch(/; HttpOnly(;|$)/);
  expect(deviceLine[0]).toMatch(/; Secure(;|$)/);
  expect(deviceLine[0]).toMatch(/; SameSite=Lax(;|$)/);
  // Its answer points at the public URL, never at http://localhost:3000.
  expect(await signIn.json()).toEqual({ url: `${PUBLIC_URL}/clients` });

  // What the browser keeps: only the prefixed, secure cookies.
  const cookies = await context.cookies();
  const names = cookies.map((c) => c.name).sort();
  expect(names).toContain("__Secure-next-auth.session-token");
  expect(names.filter((n) => n.startsWith("next-auth."))).toEqual([]);
  const session = cookies.find((c) => c.name === "__Secure-next-auth.session-token")!;
  expect(session).toMatchObject({ secure: true, httpOnly: true, sameSite: "Lax", path: "/" });
});

test("a person signs in, signs out and lands on the public login page", async ({ page }) => {
  await page.route(`${PUBLIC_URL}/**`, (route) =>
    route.fulfill({ status: 200, contentType: "text/html", body: "<h1>Public login page</h1>" }),
  );
  await login(page, "owner@sunrise.test", "demo-password");
  await expect(page.getByTestId("business-name")).toHaveText("Sunrise Yoga");
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(`${PUBLIC_URL}/login`);
  await expect(page.getByRole("heading", { name: "Public login page" })).toBeVisible();
});

test("sign-out redirects to APP_URL/login", async ({ page }) => {
  const { csrfToken } = (await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  // What the Log out button sends (components/sign-out-button.tsx), without JavaScript: a redirect.
  const signOut = await page.request.post("/api/auth/signout", {
    form: { csrfToken, callbackUrl: "/login" },
    maxRedirects: 0,
  });
  expect(signOut.status()).toBe(302);
  expect(signOut.headers()["location"]).toBe(`${PUBLIC_URL}/login`);
});

test("security headers include HSTS, on pages and route handlers", async ({ request }) => {
  for (const path of ["/login", "/api/health"]) {
    const headers = (await request.get(path)).headers();
    expect(headers["strict-transport-security"], path).toBe("max-age=63072000; includeSubDomains");
    expect(headers["content-security-policy"], path).toContain("frame-ancestors 'none'");
    expect(headers["content-security-policy"], path).not.toContain("unsafe-eval");
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["referrer-policy"], path).toBe("same-origin");
    expect(headers["permissions-policy"], path).toContain("camera=()");
  }
});
