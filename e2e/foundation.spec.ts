import { expect, test } from "@playwright/test";
import { addMember, createTestBusiness, TEST_PASSWORD } from "../prisma/seed/factories";
import { login, testDb } from "./fixtures";

test("the demo owner reaches Constant Contact through App Drawer > View All > Setup > Integrations", async ({
  page,
}) => {
  await login(page, "owner@sunrise.test", "demo-password");
  await expect(page.getByTestId("business-name")).toHaveText("Sunrise Yoga");
  await expect(page.getByTestId("signed-in-user")).toContainText("Sunrise Owner");

  const drawerButton = page.getByRole("button", { name: "App Drawer" });
  await drawerButton.click();
  const drawer = page.getByRole("dialog", { name: "Apps" });
  await expect(drawer).toBeVisible();
  // Escape closes the dialog and gives focus back to the button that opened it.
  await page.keyboard.press("Escape");
  await expect(drawer).toBeHidden();
  await expect(drawerButton).toBeFocused();

  await drawerButton.click();
  await drawer.getByRole("link", { name: "View All" }).click();
  await expect(page.getByRole("heading", { name: "All apps" })).toBeVisible();
  await page.getByRole("link", { name: "Setup", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Setup" })).toBeVisible();
  await page.getByRole("link", { name: "Integrations" }).click();
  await expect(page.getByRole("heading", { name: "Integrations" })).toBeVisible();
  const integrations = page.getByRole("main").getByRole("listitem");
  await expect(integrations.first()).toContainText("Constant Contact");
  await page.getByRole("link", { name: "Constant Contact" }).click();
  await expect(page.getByRole("heading", { name: "Constant Contact", level: 1 })).toBeVisible();
});

test("keyboard users can open the drawer and focus stays inside it", async ({ page }) => {
  await login(page, "owner@maple.test", "demo-password");
  await page.getByRole("button", { name: "App Drawer" }).focus();
  await page.keyboard.press("Enter");
  const drawer = page.getByRole("dialog", { name: "Apps" });
  await expect(drawer).toBeVisible();
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press("Tab");
    // The modal dialog makes the page behind it inert: focus never leaves the drawer.
    // Focus on the page's body would mean it left the drawer: only an element inside counts.
    expect(
      await drawer.evaluate((el) => document.activeElement !== document.body && el.contains(document.activeElement)),
    ).toBe(true);
  }
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press("Shift+Tab");
    expect(
      await drawer.evaluate((el) => document.activeElement !== document.body && el.contains(document.activeElement)),
    ).toBe(true);
  }
});

test("a wrong password, empty fields and a huge field show a message and stay on the login page", async ({ page }) => {
  await page.goto("/login");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.locator("form").getByRole("alert")).toHaveText("Enter your email.");

  await page.getByLabel("Email").fill("owner-unknown@nowhere.test");
  await page.getByLabel("Password").fill("wrong-password");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.locator("form").getByRole("alert")).toHaveText("Wrong email or password.");
  await expect(page).toHaveURL(/\/login/);

  await page.getByLabel("Email").fill("x".repeat(10_000));
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.locator("form").getByRole("alert")).toHaveText("That email is too long.");
});

test("five wrong passwords hold back that address, told when to try again, not the owner signing in from another", async ({
  browser,
}) => {
  const db = await testDb();
  const { owner } = await createTestBusiness(db);
  // The e2e server trusts one proxy hop (TRUSTED_PROXY_HOPS=1), so X-Forwarded-For is the client's address.
  const octet = () => Math.floor(Math.random() * 250) + 1;
  const attacker = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": `198.51.100.${octet()}` } });
  const page = await attacker.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(owner.email);
  // Each attempt waits for its own answer from the sign-in endpoint (the alert's text alone repeats).
  const attempt = async (password: string) => {
    await page.getByLabel("Password").fill(password);
    await Promise.all([
      page.waitForResponse((r) => r.url().includes("/api/auth/callback/credentials")),
      page.getByRole("button", { name: "Log in" }).click(),
    ]);
    await expect(page.getByRole("button", { name: "Log in" })).toBeEnabled();
  };
  for (let i = 0; i < 4; i++) {
    await attempt(`wrong-${i}`);
    await expect(page.locator("form").getByRole("alert")).toHaveText("Wrong email or password.");
  }
  await attempt("wrong-5");
  await expect(page.locator("form").getByRole("alert")).toHaveText(
    "Too many failed attempts. Try again in 15 minutes.",
  );
  await attempt(TEST_PASSWORD);
  await expect(page.locator("form").getByRole("alert")).toHaveText(
    "Too many failed attempts. Try again in 15 minutes.",
  );
  await expect(page.getByTestId("signed-in-user")).toHaveCount(0);
  await attacker.close();

  const ownersBrowser = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": `203.0.113.${octet()}` } });
  await login(await ownersBrowser.newPage(), owner.email, TEST_PASSWORD);
  await ownersBrowser.close();
});

test("a stranger on the owner's own network cannot lock the owner out of the browser they usually sign in from", async ({
  browser,
}) => {
  const db = await testDb();
  const { owner } = await createTestBusiness(db);
  // One address for both: a studio's Wi-Fi behind one NAT (the e2e server trusts one proxy hop).
  const studioWifi = { "x-forwarded-for": `198.51.100.${Math.floor(Math.random() * 250) + 1}` };
  const ownersBrowser = await browser.newContext({ extraHTTPHeaders: studioWifi });
  const ownersPage = await ownersBrowser.newPage();
  await login(ownersPage, owner.email, TEST_PASSWORD);
  const device = (await ownersBrowser.cookies()).find((c) => c.name === "sign_in_device");
  expect(device).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
  await ownersPage.getByRole("button", { name: "Log out" }).click();
  await expect(ownersPage).toHaveURL(/\/login$/);

  const stranger = await browser.newContext({ extraHTTPHeaders: studioWifi });
  const page = await stranger.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(owner.email);
  for (let i = 0; i < 5; i++) {
    await page.getByLabel("Password").fill(`guess-${i}`);
    await Promise.all([
      page.waitForResponse((r) => r.url().includes("/api/auth/callback/credentials")),
      page.getByRole("button", { name: "Log in" }).click(),
    ]);
    await expect(page.getByRole("button", { name: "Log in" })).toBeEnabled();
  }
  await expect(page.locator("form").getByRole("alert")).toHaveText(
    "Too many failed attempts. Try again in 15 minutes.",
  );
  await stranger.close();

  await login(ownersPage, owner.email, TEST_PASSWORD);
  await expect(ownersPage.getByTestId("signed-in-user")).toContainText(owner.name);
  await ownersBrowser.close();
});

test("a staff member of business A cannot open business B, even by forging the business cookie", async ({
  page,
  context,
}) => {
  const db = await testDb();
  const a = await createTestBusiness(db, { name: "Alpha Studio" });
  const b = await createTestBusiness(db, { name: "Beta Studio" });
  await login(page, a.staff.email, TEST_PASSWORD);
  await expect(page.getByTestId("business-name")).toHaveText(a.business.name);
  await expect(page.getByLabel("Business")).toHaveCount(0);

  await context.addCookies([{ name: "active_business", value: b.business.id, url: page.url() }]);
  await page.goto("/setup/integrations");
  await expect(page.getByTestId("business-name")).toHaveText(a.business.name);
  await expect(page.getByText(b.business.name)).toHaveCount(0);
});

test("a user with two businesses switches between them, and logs out", async ({ page }) => {
  const db = await testDb();
  const a = await createTestBusiness(db, { name: "Gamma Studio" });
  const b = await createTestBusiness(db, { name: "Delta Studio" });
  await addMember(db, a.owner.id, b.business.id, "STAFF");
  await login(page, a.owner.email, TEST_PASSWORD);
  const first = await page.getByTestId("business-name").textContent();
  const other = first === a.business.name ? b.business : a.business;
  await page.getByLabel("Business").selectOption({ label: other.name });
  await expect(page.getByTestId("business-name")).toHaveText(other.name);

  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/apps");
  await expect(page).toHaveURL(/\/login/);
});
