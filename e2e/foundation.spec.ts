import { expect, test } from "@playwright/test";
import { addMember, createTestBusiness, TEST_PASSWORD } from "../prisma/seed/factories";
import { login, testDb } from "./fixtures";

test("the demo owner reaches Constant Contact through App Drawer > View All > Setup > Integrations", async ({ page }) => {
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
    expect(await drawer.evaluate((el) => document.activeElement !== document.body && el.contains(document.activeElement))).toBe(true);
  }
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press("Shift+Tab");
    expect(await drawer.evaluate((el) => document.activeElement !== document.body && el.contains(document.activeElement))).toBe(true);
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

test("repeated failures lock the account and the page says so", async ({ page }) => {
  const db = await testDb();
  const { owner } = await createTestBusiness(db);
  await page.goto("/login");
  await page.getByLabel("Email").fill(owner.email);
  for (let i = 0; i < 5; i++) {
    await page.getByLabel("Password").fill(`wrong-${i}`);
    await page.getByRole("button", { name: "Log in" }).click();
    await expect(page.locator("form").getByRole("alert")).toBeVisible();
  }
  await expect(page.locator("form").getByRole("alert")).toContainText("Too many failed attempts. Try again in 1 minute.");
});

test("a staff member of business A cannot open business B, even by forging the business cookie", async ({ page, context }) => {
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
