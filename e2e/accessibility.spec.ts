import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { createTestBusiness, createTestClient, TEST_PASSWORD, upsertUser } from "../prisma/seed/factories";
import { chooseList, connectAtConstantContact, PAGE } from "./constant-contact-steps";
import { login, readStack, testDb } from "./fixtures";
import { createTestConnection, createTestRun, expectAccessible, portalAccess } from "./ui-fixtures";

// axe on every page and state a person meets: 0 serious or critical violations.

async function seedSandboxAccount(lists: string[]) {
  const email = `a11y-${randomUUID().slice(0, 8)}@cc.test`;
  const response = await fetch(`${readStack().sandboxUrl}/__control/seed`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      account: { email, password: "sandbox-password", organizationName: "Keyboard Studio Marketing" },
      lists: lists.map((name) => ({ name })),
    }),
  });
  if (!response.ok) throw new Error(`sandbox seed: ${response.status}`);
  return email;
}

test("an owner's pages: login, home, App Drawer, Setup, Integrations, Constant Contact from not connected to connected, Clients, audit log", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const db = await testDb();
  const { business, owner } = await createTestBusiness(db);
  const client = await createTestClient(db, business.id, { firstName: "Ada", newsOptIn: true });
  const account = await seedSandboxAccount(["Newsletter", "Other"]);

  await page.goto("/login");
  await expectAccessible(page, "login");
  await login(page, owner.email, TEST_PASSWORD);
  await expectAccessible(page, "home");
  await page.getByRole("button", { name: "App Drawer" }).click();
  await expect(page.getByRole("dialog", { name: "Apps" })).toBeVisible();
  await expectAccessible(page, "App Drawer open");
  await page.keyboard.press("Escape");
  for (const [path, state] of [
    ["/apps", "all apps"],
    ["/setup", "Setup"],
    ["/setup/integrations", "Integrations"],
    [PAGE, "Constant Contact, not connected"],
  ] as const) {
    await page.goto(path);
    await expectAccessible(page, state);
  }

  await page.getByRole("button", { name: "Connect Business" }).click();
  await expect(page.getByRole("heading", { name: "Log in" })).toBeVisible();
  await expectAccessible(page, "the sandbox's login page");
  await page.goBack();
  await connectAtConstantContact(page, "Allow", account);
  await expectAccessible(page, "Constant Contact, connected without a list");
  await page.getByRole("button", { name: "Choose list" }).click();
  await expect(page.getByRole("dialog", { name: "Choose list" }).getByRole("radio").first()).toBeVisible();
  await expectAccessible(page, "Choose list dialog");
  await page.keyboard.press("Escape");
  await chooseList(page, "Newsletter");
  await expect(page.getByTestId("integration-status")).toHaveText("Active: syncing");
  await expect
    .poll(() => db.syncRun.count({ where: { businessId: business.id, status: { not: "RUNNING" } } }), {
      timeout: 60_000,
    })
    .toBeGreaterThan(0);
  await page.reload();
  await expect(page.getByTestId("run-history")).toBeVisible();
  await expectAccessible(page, "Constant Contact, connected with status and history");

  for (const [path, state] of [
    ["/clients", "Clients"],
    [`/clients/${client.id}`, "client profile"],
    ["/clients/new", "new client"],
    ["/audit-log", "audit log"],
  ] as const) {
    await page.goto(path);
    await expectAccessible(page, state);
  }
});

test("Constant Contact in the states an owner cannot click into: runs that failed, needs reconnect, region-blocked, staff's view", async ({
  page,
}) => {
  const db = await testDb();
  const active = await createTestBusiness(db);
  const connection = await createTestConnection(db, active.business.id);
  await createTestRun(db, connection, { status: "SUCCEEDED", sent: 12, added: 10, updated: 2, minutesAgo: 300 });
  await createTestRun(db, connection, {
    status: "CANCELLED",
    error: "Constant Contact was disconnected.",
    sent: 125,
    minutesAgo: 120,
  });
  await createTestRun(db, connection, {
    status: "FAILED",
    error: "Constant Contact answered 500 three times.",
    minutesAgo: 5,
  });
  await login(page, active.owner.email, TEST_PASSWORD);
  await page.goto(PAGE);
  await expect(page.getByTestId("run-history")).toBeVisible();
  await expectAccessible(page, "Constant Contact with cancelled and failed runs");
  await logOut(page);

  await login(page, active.staff.email, TEST_PASSWORD);
  await page.goto(PAGE);
  await expect(page.getByText("Only the business owner can connect")).toBeVisible();
  await expectAccessible(page, "Constant Contact, staff view");
  await logOut(page);

  const reconnect = await createTestBusiness(db);
  await createTestConnection(db, reconnect.business.id, "NEEDS_RECONNECT");
  await login(page, reconnect.owner.email, TEST_PASSWORD);
  await page.goto(PAGE);
  await expect(page.getByRole("button", { name: "Reconnect" })).toBeVisible();
  await expect(page.getByTestId("integration-attention-banner")).toBeVisible();
  await expectAccessible(page, "Constant Contact, needs reconnect");
  await logOut(page);

  const blocked = await createTestBusiness(db, { countryCode: "GB" });
  await login(page, blocked.owner.email, TEST_PASSWORD);
  await page.goto(PAGE);
  await expect(page.getByTestId("integration-region-message")).toBeVisible();
  await expectAccessible(page, "Constant Contact, region-blocked");
});

test("support: the console, the impersonation dialog, the banner while impersonating, the audit pages", async ({
  page,
}) => {
  const db = await testDb();
  const { business, owner } = await createTestBusiness(db);
  const support = await upsertUser(db, {
    email: `support-${randomUUID().slice(0, 8)}@platform.test`,
    name: "Sam Support",
    password: TEST_PASSWORD,
    support: true,
  });
  await login(page, support.email, TEST_PASSWORD);
  await expect(page).toHaveURL(/\/support$/);
  await expectAccessible(page, "support console");
  await page.getByLabel("Name, slug or owner email").fill(owner.email);
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByRole("row").filter({ hasText: business.name })).toHaveCount(1);
  await expectAccessible(page, "support console with a result");
  await page.goto(`/support/businesses/${business.id}/audit`);
  await expectAccessible(page, "a business's audit log in the console");
  await page.goto("/support/audit");
  await expectAccessible(page, "sign-in events");

  await page.goto(`/support?q=${encodeURIComponent(owner.email)}`);
  await page.getByRole("button", { name: "Log in as this business" }).click();
  const dialog = page.getByRole("dialog", { name: `Log in as ${business.name}` });
  await expect(dialog).toBeVisible();
  await expectAccessible(page, "impersonation dialog");
  await dialog.getByLabel("Reason").fill("Checking the accessibility of the banner");
  await dialog.getByRole("button", { name: "Log in as business" }).click();
  await expect(page.getByRole("region", { name: "Support impersonation" })).toBeVisible();
  await expectAccessible(page, "impersonation banner");
  await page.goto(PAGE);
  await expectAccessible(page, "Constant Contact while impersonating");
});

test("the Client Portal: sign in, set password, the client's own settings", async ({ page }) => {
  const db = await testDb();
  const { business } = await createTestBusiness(db);
  const client = await createTestClient(db, business.id, { firstName: "Pia", newsOptIn: true });
  const { token } = await portalAccess(db, client, "pia-portal-password");

  await page.goto(`/portal/${business.slug}/set-password?token=${token}`);
  await expect(page.getByLabel("New password")).toBeVisible();
  await expectAccessible(page, "portal set password");
  await page.goto(`/portal/${business.slug}`);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await expectAccessible(page, "portal sign in");
  await page.getByLabel("Email").fill(client.email!);
  await page.getByLabel("Password").fill("pia-portal-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("portal-subscription-state")).toBeVisible();
  await expectAccessible(page, "portal settings");
});

async function logOut(page: Page) {
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/login/);
}

/** Tab until `target` has the focus (the keyboard is the only input), or fail. */
async function tabTo(page: Page, target: ReturnType<Page["getByRole"]>, limit = 60) {
  for (let i = 0; i < limit; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error("could not reach the element with Tab");
}

test("connect, choose a list and disconnect with the keyboard alone", async ({ page }) => {
  test.setTimeout(90_000);
  const db = await testDb();
  const { business, owner } = await createTestBusiness(db);
  const account = await seedSandboxAccount(["Newsletter", "Other"]);
  await login(page, owner.email, TEST_PASSWORD);
  await page.goto(PAGE);

  await tabTo(page, page.getByRole("button", { name: "Connect Business" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Log in" })).toBeVisible();
  await tabTo(page, page.getByLabel("Email"));
  await page.keyboard.type(account);
  await tabTo(page, page.getByLabel("Password"));
  await page.keyboard.type("sandbox-password");
  await page.keyboard.press("Enter");
  await tabTo(page, page.getByRole("button", { name: "Allow" }));
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("integration-list")).toHaveText("No list chosen yet");

  await tabTo(page, page.getByRole("button", { name: "Choose list" }));
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Choose list" });
  const newsletter = dialog.getByRole("radio", { name: /^Newsletter\b/ });
  await expect(newsletter).toBeVisible();
  await tabTo(page, dialog.getByRole("radio").first());
  // Arrow keys move within a radio group (and check what they land on).
  for (let i = 0; i < 5 && !(await newsletter.isChecked()); i++)
    await page.keyboard.press(i === 0 ? "Space" : "ArrowDown");
  await expect(newsletter).toBeChecked();
  await tabTo(page, dialog.getByRole("button", { name: "Save" }));
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("integration-list")).toHaveText("Newsletter");

  await tabTo(page, page.getByRole("button", { name: `Disconnect ${business.name}` }));
  await page.keyboard.press("Enter");
  const confirm = page.getByRole("dialog", { name: "Disconnect Constant Contact?" });
  await tabTo(page, confirm.getByRole("button", { name: "OK" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("button", { name: "Connect Business" })).toBeVisible();
  expect(
    (
      await db.connection.findUniqueOrThrow({
        where: { businessId_provider: { businessId: business.id, provider: "CONSTANT_CONTACT" } },
      })
    ).status,
  ).toBe("DISCONNECTED");
});
