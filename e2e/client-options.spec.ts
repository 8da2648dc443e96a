import { expect, test, type Page } from "@playwright/test";
import { createTestBusiness, createTestClient, TEST_PASSWORD } from "../prisma/seed/factories";
import { login, testDb } from "./fixtures";
import { ccContact, connectAndSync, seedNewsletterAccount, sendGroups } from "./segment-steps";
import { expectAccessible } from "./ui-fixtures";

// The client types and groups page. Owners and staff add, rename and delete them; a rename or delete of a
// group the business sends to Constant Contact reaches the contacts there.
const PAGE = "/settings/client-options";

async function addOption(page: Page, kind: "group" | "client type", name: string) {
  const form = page.getByRole("form", { name: `Add a ${kind}` });
  await form.getByLabel(`New ${kind}`).fill(name);
  await form.getByRole("button", { name: `Add ${kind}` }).click();
}

const row = (page: Page, name: string) =>
  page.getByTestId("client-options-group").getByRole("row").filter({ hasText: name });

test("an owner adds a group, renames it, sees its clients and deletes it after confirming; a taken name is a field error", async ({
  page,
}) => {
  const db = await testDb();
  const { business, owner } = await createTestBusiness(db);
  await login(page, owner.email, TEST_PASSWORD);
  await page.goto("/apps");
  await page.getByRole("link", { name: "Client types and groups" }).click();
  await expect(page.getByRole("heading", { name: "Client types and groups", level: 1 })).toBeVisible();
  await expect(page.getByTestId("client-options-mailing-lists")).toContainText(
    "Client types and groups are not sent to Constant Contact",
  );
  const groups = page.getByTestId("client-options-group");
  await expect(groups).toContainText("No groups yet.");

  await addOption(page, "group", "  Seniors ");
  await expect(groups.getByRole("status")).toHaveText("Added the group “Seniors”.");
  await expect(row(page, "Seniors")).toContainText("0 clients");
  await addOption(page, "group", "Yoga");
  await expect(row(page, "Yoga")).toBeVisible();
  await addOption(page, "group", "Seniors");
  const newGroup = groups.getByLabel("New group");
  await expect(newGroup).toHaveAttribute("aria-invalid", "true");
  await expect(newGroup).toHaveAccessibleDescription("That name is already in use.");
  await expect(groups.getByRole("row")).toHaveCount(3); // the header and two groups

  // Two clients join Seniors (on their profiles, as staff would); the page counts them.
  const seniors = await db.clientGroup.findFirstOrThrow({ where: { businessId: business.id, name: "Seniors" } });
  for (const firstName of ["Ann", "Bob"]) {
    const client = await createTestClient(db, business.id, { firstName });
    await db.clientGroupMember.create({ data: { clientId: client.id, groupId: seniors.id } });
  }
  await page.reload();
  await expect(row(page, "Seniors")).toContainText("2 clients");
  await expect(row(page, "Yoga")).toContainText("0 clients");
  await expectAccessible(page, "client types and groups");

  // Rename in place: a taken name is refused next to the field, then the new name is saved.
  await row(page, "Seniors").getByRole("button", { name: "Rename Seniors" }).click();
  const renameField = groups.getByLabel("New name for Seniors");
  await expect(renameField).toBeFocused();
  await renameField.fill("Yoga");
  await groups.getByRole("button", { name: "Save" }).click();
  await expect(renameField).toHaveAccessibleDescription("That name is already in use.");
  await renameField.fill("Seniors 65+");
  await groups.getByRole("button", { name: "Save" }).click();
  await expect(groups.getByRole("status")).toHaveText("Renamed “Seniors” to “Seniors 65+”.");
  await expect(row(page, "Seniors 65+")).toContainText("2 clients");
  expect((await db.clientGroup.findUniqueOrThrow({ where: { id: seniors.id } })).name).toBe("Seniors 65+");

  // Delete asks first, says how many clients and that Constant Contact is not concerned; Cancel keeps it.
  await row(page, "Seniors 65+").getByRole("button", { name: "Delete Seniors 65+" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete the group “Seniors 65+”?" });
  await expect(dialog).toContainText("2 clients are in this group. They stay, only no longer in it.");
  await expect(dialog).toContainText("Groups are not sent to your mailing-list tools, so nothing changes there.");
  await expectAccessible(page, "delete a group, confirmation");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(row(page, "Seniors 65+")).toBeVisible();
  await row(page, "Seniors 65+").getByRole("button", { name: "Delete Seniors 65+" }).click();
  await dialog.getByRole("button", { name: "Delete" }).click();
  await expect(dialog).toBeHidden();
  await expect(groups.getByRole("status")).toHaveText("Deleted the group “Seniors 65+”.");
  await expect(row(page, "Seniors 65+")).toHaveCount(0);
  expect(await db.clientGroup.count({ where: { id: seniors.id } })).toBe(0);
  expect(await db.client.count({ where: { businessId: business.id } })).toBe(2);

  // Yoga deleted in another tab meanwhile: a clear message, not an error page.
  const yoga = await db.clientGroup.findFirstOrThrow({ where: { businessId: business.id, name: "Yoga" } });
  await row(page, "Yoga").getByRole("button", { name: "Delete Yoga" }).click();
  await db.clientGroup.delete({ where: { id: yoga.id } });
  const deleteYoga = page.getByRole("dialog", { name: "Delete the group “Yoga”?" });
  await deleteYoga.getByRole("button", { name: "Delete" }).click();
  await expect(deleteYoga.getByRole("alert")).toHaveText(
    "That group no longer exists (it may have been deleted in another tab). Reload the page.",
  );
});

test("staff manage client types too", async ({ page }) => {
  const db = await testDb();
  const { business, staff } = await createTestBusiness(db);
  await login(page, staff.email, TEST_PASSWORD);
  await page.goto("/clients");
  await page.getByRole("link", { name: "Client types and groups" }).click();
  await addOption(page, "client type", "Drop-in");
  const types = page.getByTestId("client-options-type");
  await expect(types.getByRole("row").filter({ hasText: "Drop-in" })).toContainText("0 clients");
  expect(await db.clientType.count({ where: { businessId: business.id, name: "Drop-in" } })).toBe(1);
});

test("renaming a group sent to Constant Contact renames it on the contact there; deleting it clears it", async ({
  page,
}) => {
  test.setTimeout(180_000);
  const db = await testDb();
  const { business, owner } = await createTestBusiness(db);
  const group = await db.clientGroup.create({ data: { businessId: business.id, name: "Seniors" } });
  const client = await createTestClient(db, business.id, { newsOptIn: true });
  await db.clientGroupMember.create({ data: { clientId: client.id, groupId: group.id } });
  const email = client.emailNormalized!;
  const accountEmail = await seedNewsletterAccount(`${business.name} Marketing`);
  const contact = () => ccContact(accountEmail, email);

  await login(page, owner.email, TEST_PASSWORD);
  await connectAndSync(page, accountEmail, email);
  await sendGroups(page, true);
  await expect
    .poll(async () => (await contact())?.custom_fields, { timeout: 60_000 })
    .toEqual({
      Client_groups: "Seniors",
    });

  await page.goto(PAGE);
  await expect(page.getByTestId("client-options-mailing-lists")).toContainText(
    "Groups are (client types are not) sent to Constant Contact",
  );
  await expect(page.getByTestId("client-options-mailing-lists")).toContainText(
    "Renaming one here sends the new name to Constant Contact, and deleting one clears it there",
  );
  const groups = page.getByTestId("client-options-group");
  await expect(groups).toContainText("Sent to Constant Contact as the custom field “Client groups”.");

  await row(page, "Seniors").getByRole("button", { name: "Rename Seniors" }).click();
  await groups.getByLabel("New name for Seniors").fill("Seniors 65+");
  await groups.getByRole("button", { name: "Save" }).click();
  await expect(groups.getByRole("status")).toHaveText(
    "Renamed “Seniors” to “Seniors 65+”. 1 client is being updated in Constant Contact.",
  );
  await expect
    .poll(async () => (await contact())?.custom_fields, { timeout: 60_000 })
    .toEqual({
      Client_groups: "Seniors 65+",
    });

  await row(page, "Seniors 65+").getByRole("button", { name: "Delete Seniors 65+" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete the group “Seniors 65+”?" });
  await expect(dialog).toContainText("1 client is in this group.");
  await expect(dialog).toContainText(
    "Your groups are sent to Constant Contact, so “Seniors 65+” is also cleared there from this client's contact (custom field “Client groups”), within minutes.",
  );
  await dialog.getByRole("button", { name: "Delete" }).click();
  await expect(groups.getByRole("status")).toHaveText(
    "Deleted the group “Seniors 65+”. Constant Contact is being updated.",
  );
  await expect.poll(async () => (await contact())?.custom_fields, { timeout: 60_000 }).toEqual({});
});
