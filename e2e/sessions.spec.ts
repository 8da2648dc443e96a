import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { createTestBusiness, TEST_PASSWORD, upsertUser } from "../prisma/seed/factories";
import { login, testDb } from "./fixtures";

test("signing out ends the session: a copy of the cookie is refused afterwards", async ({ page, context }) => {
  const db = await testDb();
  const { owner } = await createTestBusiness(db);
  await login(page, owner.email, TEST_PASSWORD);
  const copied = await context.cookies();
  expect(copied.some((c) => c.name.endsWith("next-auth.session-token"))).toBe(true);
  expect(await (await page.request.get("/api/auth/session")).json()).toMatchObject({ userId: owner.id });

  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/login$/);

  // Someone kept the cookie (a shared computer, a stolen copy) and puts it back.
  await context.addCookies(copied);
  const session = await page.request.get("/api/auth/session");
  expect(session.status()).toBe(200);
  expect(await session.json()).toEqual({});
  await context.addCookies(copied);
  await page.goto("/clients");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fclients$/);
  await expect(page.getByRole("heading", { name: "Log in" })).toBeVisible();

  // Signing in again works.
  await login(page, owner.email, TEST_PASSWORD);
  await expect(page.getByTestId("signed-in-user")).toContainText(owner.name);
});

test("a signed-out visitor signs in and lands on the page they asked for, query included", async ({ page }) => {
  const db = await testDb();
  const { owner } = await createTestBusiness(db);
  await page.goto("/clients?q=Ana");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fclients%3Fq%3DAna$/);
  await page.getByLabel("Email").fill(owner.email);
  await page.getByLabel("Password").fill(TEST_PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/clients\?q=Ana$/);
  await expect(page.getByRole("heading", { name: "Clients" })).toBeVisible();
  // Signed in, the login page sends on at once.
  await page.goto("/login?callbackUrl=%2Fsetup");
  await expect(page).toHaveURL(/\/setup$/);
});

test("the support console sends a signed-out visitor to sign in, and back to the console page", async ({ page }) => {
  const db = await testDb();
  const tag = randomUUID().slice(0, 8);
  const support = await upsertUser(db, {
    email: `support-${tag}@platform.test`,
    name: `Sam Support ${tag}`,
    password: TEST_PASSWORD,
    support: true,
  });
  const response = await page.goto("/support/audit");
  expect(response?.status()).toBe(200);
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fsupport%2Faudit$/);
  await page.getByLabel("Email").fill(support.email);
  await page.getByLabel("Password").fill(TEST_PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/support\/audit$/);
  await expect(page.getByTestId("signed-in-user")).toContainText(support.name);
});

for (const target of [
  "//evil.example",
  "https://evil.example",
  "/\\evil.example",
  "javascript:alert(document.domain)",
]) {
  test(`signing in never leaves the site: callbackUrl ${target}`, async ({ page }) => {
    const db = await testDb();
    const { owner } = await createTestBusiness(db);
    const reachedEvil: string[] = [];
    await page.route(
      (url) => url.hostname.endsWith("evil.example"),
      (route) => {
        reachedEvil.push(route.request().url());
        return route.fulfill({ status: 200, body: "evil" });
      },
    );
    const dialogs: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });

    await page.goto(`/login?${new URLSearchParams({ callbackUrl: target })}`);
    const origin = new URL(page.url()).origin;
    await page.getByLabel("Email").fill(owner.email);
    await page.getByLabel("Password").fill(TEST_PASSWORD);
    await page.getByRole("button", { name: "Log in" }).click();
    await expect(page.getByTestId("signed-in-user")).toBeVisible();
    expect(page.url()).toBe(`${origin}/`);
    // Already signed in, the login page itself redirects: also home.
    await page.goto(`/login?${new URLSearchParams({ callbackUrl: target })}`);
    await expect(page.getByTestId("signed-in-user")).toBeVisible();
    expect(page.url()).toBe(`${origin}/`);
    expect(reachedEvil).toEqual([]);
    expect(dialogs).toEqual([]);
  });
}
