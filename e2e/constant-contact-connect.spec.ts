import { expect, test } from "@playwright/test";
import { createTestBusiness, TEST_PASSWORD } from "../prisma/seed/factories";
import { chooseList, connectAtConstantContact, openConstantContactPage, PAGE } from "./constant-contact-steps";
import { login, testDb } from "./fixtures";

async function tokensOf(businessId: string): Promise<string[]> {
  const db = await testDb();
  const { openToken } = await import("../lib/integrations/connections");
  const row = await db.connection.findUniqueOrThrow({
    where: { businessId_provider: { businessId, provider: "CONSTANT_CONTACT" } },
    omit: { accessTokenEnc: false, refreshTokenEnc: false },
  });
  return [row.accessTokenEnc, row.refreshTokenEnc]
    .filter((v): v is string => !!v)
    .map((sealed) => openToken(sealed, row.id));
}

test("an owner connects Constant Contact, chooses a list and disconnects, following the vendor's steps", async ({
  page,
}) => {
  const db = await testDb();
  const { business, owner } = await createTestBusiness(db);
  await login(page, owner.email, TEST_PASSWORD);
  await openConstantContactPage(page);
  await expect(page.getByText("Contacts keep all their other Constant Contact lists")).toBeVisible();

  await connectAtConstantContact(page);
  await expect(page.getByTestId("integration-account")).toHaveText("Sunrise Yoga Marketing");
  await expect(page.getByTestId("integration-list")).toHaveText("No list chosen yet");

  await chooseList(page, "Newsletter");
  await expect(page.getByTestId("integration-account")).toHaveText("Sunrise Yoga Marketing");
  await expect(page.getByTestId("integration-list")).toHaveText("Newsletter");
  await expect(page.getByTestId("integration-status")).toHaveText("Active: syncing");

  // No token in the page, its HTML or its RSC payload.
  const tokens = await tokensOf(business.id);
  expect(tokens).toHaveLength(2);
  const html = (await page.content()) + (await (await page.request.get(PAGE)).text());
  for (const token of tokens) expect(html).not.toContain(token);

  // The X to the right of the business name, then OK in the confirmation popup.
  await page.getByRole("button", { name: `Disconnect ${business.name}` }).click();
  const confirm = page.getByRole("dialog", { name: "Disconnect Constant Contact?" });
  await confirm.getByRole("button", { name: "OK" }).click();
  await expect(page.getByRole("button", { name: "Connect Business" })).toBeVisible();
  await expect(page.getByTestId("integration-account")).toHaveCount(0);
  const row = await db.connection.findUniqueOrThrow({
    where: { businessId_provider: { businessId: business.id, provider: "CONSTANT_CONTACT" } },
  });
  expect(row.status).toBe("DISCONNECTED");
});

test("Cancel in the confirmation popup keeps the connection; the list can be changed later", async ({ page }) => {
  const db = await testDb();
  const { business, owner } = await createTestBusiness(db);
  await login(page, owner.email, TEST_PASSWORD);
  await page.goto(PAGE);
  await connectAtConstantContact(page);
  await chooseList(page, "Newsletter");

  await page.getByRole("button", { name: `Disconnect ${business.name}` }).click();
  const confirm = page.getByRole("dialog", { name: "Disconnect Constant Contact?" });
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByTestId("integration-status")).toHaveText("Active: syncing");
  await page.reload();
  await expect(page.getByTestId("integration-list")).toHaveText("Newsletter");

  await page.getByRole("button", { name: "Choose list" }).click();
  const dialog = page.getByRole("dialog", { name: "Choose list" });
  await expect(dialog).toContainText("the old list is left as it is");
  await expect(dialog.getByRole("radio", { name: /^Newsletter/ })).toBeChecked();
  await dialog.getByLabel("Search lists").fill("work");
  await expect(dialog.getByRole("radio")).toHaveCount(1);
  await dialog.getByRole("radio", { name: /^Workshops/ }).check();
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("integration-list")).toHaveText("Workshops");
});

test("Deny at Constant Contact shows a message and connects nothing", async ({ page }) => {
  const db = await testDb();
  const { business, owner } = await createTestBusiness(db);
  await login(page, owner.email, TEST_PASSWORD);
  await page.goto(PAGE);
  await connectAtConstantContact(page, "Deny");
  await expect(page.getByRole("alert").filter({ hasText: "access was denied" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Connect Business" })).toBeVisible();
  expect(
    await db.connection.findUnique({
      where: { businessId_provider: { businessId: business.id, provider: "CONSTANT_CONTACT" } },
    }),
  ).toBeNull();
});

test("a connection that needs reconnecting shows a banner and Reconnect keeps the chosen list", async ({ page }) => {
  const db = await testDb();
  const { business, owner } = await createTestBusiness(db);
  await login(page, owner.email, TEST_PASSWORD);
  await page.goto(PAGE);
  await connectAtConstantContact(page);
  await chooseList(page, "Newsletter");
  await db.connection.update({
    where: { businessId_provider: { businessId: business.id, provider: "CONSTANT_CONTACT" } },
    data: { status: "NEEDS_RECONNECT" },
  });
  await page.reload();
  await expect(page.getByRole("main").getByRole("alert").filter({ hasText: "syncing is paused" })).toBeVisible();
  await expect(page.getByTestId("integration-attention-banner")).toContainText("needs to be reconnected");
  await expect(page.getByTestId("integration-status")).toHaveText("Needs reconnecting");
  await connectAtConstantContact(page);
  await expect(page.getByTestId("integration-status")).toHaveText("Active: syncing");
  await expect(page.getByTestId("integration-list")).toHaveText("Newsletter");
});

test("staff see the page read-only: no Connect Business, Choose list or X", async ({ page }) => {
  const db = await testDb();
  const { business, staff } = await createTestBusiness(db);
  await login(page, staff.email, TEST_PASSWORD);
  await page.goto(PAGE);
  await expect(page.getByText("Only the business owner can connect")).toBeVisible();
  await expect(page.getByRole("button", { name: "Connect Business" })).toHaveCount(0);

  await db.connection.create({
    data: {
      provider: "CONSTANT_CONTACT",
      businessId: business.id,
      status: "ACTIVE",
      accountName: "Staff View Marketing",
      listId: "l-1",
      listName: "Newsletter",
    },
  });
  await page.reload();
  await expect(page.getByTestId("integration-account")).toHaveText("Staff View Marketing");
  await expect(page.getByRole("button", { name: "Choose list" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: `Disconnect ${business.name}` })).toHaveCount(0);
});

test("a business outside the US, Canada and Australia sees why it cannot connect", async ({ page }) => {
  await login(page, "owner@thames.test", "demo-password");
  await page.goto(PAGE);
  await expect(page.getByTestId("integration-region-message")).toHaveText(
    /only available to businesses in the US, Canada and Australia/,
  );
  await expect(page.getByRole("button", { name: "Connect Business" })).toHaveCount(0);
});

test("a request that never reaches the server is shown to the owner, who can try again", async ({ page }) => {
  const db = await testDb();
  const { owner } = await createTestBusiness(db);
  await login(page, owner.email, TEST_PASSWORD);
  await page.goto(PAGE);

  // Server actions are POSTs carrying a Next-Action header: drop them as if the network were gone.
  let dropped = 0;
  await page.route("**/*", async (route) => {
    if (route.request().method() === "POST" && (await route.request().headerValue("next-action"))) {
      dropped += 1;
      return route.abort("internetdisconnected");
    }
    return route.fallback();
  });
  await page.getByRole("button", { name: "Connect Business" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Could not reach the server. Please try again.");
  expect(dropped).toBe(1);
  await expect(page.getByRole("button", { name: "Connect Business" })).toBeEnabled();

  await page.unrouteAll();
  await connectAtConstantContact(page);
  await expect(page.getByTestId("integration-account")).toHaveText("Sunrise Yoga Marketing");
});
