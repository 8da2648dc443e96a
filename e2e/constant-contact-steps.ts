import { expect, type Page } from "@playwright/test";

// The vendor's steps on the Constant Contact page, shared by the browser tests.
export const PAGE = "/setup/integrations/constant-contact";

/** App Drawer > View All > Setup > Integrations > Constant Contact, as the vendor's help describes it. */
export async function openConstantContactPage(page: Page) {
  await page.getByRole("button", { name: "App Drawer" }).click();
  await page.getByRole("dialog", { name: "Apps" }).getByRole("link", { name: "View All" }).click();
  await page.getByRole("link", { name: "Setup", exact: true }).click();
  await page.getByRole("link", { name: "Integrations" }).click();
  await page.getByRole("link", { name: "Constant Contact" }).click();
  await expect(page.getByRole("heading", { name: "Constant Contact", level: 1 })).toBeVisible();
}

/** Connect Business, then CC's pages: log in and Allow (or Deny). */
export async function connectAtConstantContact(
  page: Page,
  decision: "Allow" | "Deny" = "Allow",
  account = "sunrise@cc.test",
) {
  await page.getByRole("button", { name: /^(Connect Business|Reconnect)$/ }).click();
  await expect(page.getByRole("heading", { name: "Log in" })).toBeVisible();
  await page.getByLabel("Email").fill(account);
  await page.getByLabel("Password").fill("sandbox-password");
  await page.getByRole("button", { name: "Log In" }).click();
  await page.getByRole("button", { name: decision }).click();
  await expect(page).toHaveURL(new RegExp(`${PAGE}\\?`));
}

export async function chooseList(page: Page, name: string) {
  await page.getByRole("button", { name: "Choose list" }).click();
  const dialog = page.getByRole("dialog", { name: "Choose list" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("radio", { name: new RegExp(`^${name}\\b`) }).check();
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
}
