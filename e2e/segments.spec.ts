import { expect, test } from "@playwright/test";
import { createTestBusiness, createTestClient, TEST_PASSWORD } from "../prisma/seed/factories";
import { login, readStack, testDb } from "./fixtures";
import { ccContact, connectAndSync, sandboxControl, seedNewsletterAccount, sendGroups } from "./segment-steps";

// The owner sends groups to Constant Contact for segments; turning them off clears them there, and what
// the owner keeps on the contact in Constant Contact (another custom field, a tag) survives both.
test("the owner sends Groups, a client joins Seniors and the sandbox shows it; Groups off clears it, nothing else", async ({
  page,
}) => {
  test.setTimeout(180_000);
  const db = await testDb();
  const { business, owner } = await createTestBusiness(db);
  await db.clientGroup.create({ data: { businessId: business.id, name: "Seniors" } });
  const client = await createTestClient(db, business.id, { newsOptIn: true });
  const email = client.emailNormalized!;
  const accountEmail = await seedNewsletterAccount(`${business.name} Marketing`);
  const contact = () => ccContact(accountEmail, email);

  await login(page, owner.email, TEST_PASSWORD);
  await connectAndSync(page, accountEmail, email);
  // The owner's own data on the contact in Constant Contact.
  await sandboxControl("/contact-extras", {
    accountEmail,
    email,
    customFields: { "Favourite class": "Pilates" },
    tags: ["VIP"],
  });

  // Groups on.
  await expect(page.getByTestId("integration-segment-fields")).toContainText("Name, Email and City are always sent");
  await sendGroups(page, true);

  // The client joins Seniors.
  await page.goto(`/clients/${client.id}`);
  await page.getByRole("checkbox", { name: "Seniors" }).check();
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect
    .poll(async () => (await contact())?.custom_fields, { timeout: 60_000 })
    .toEqual({ Client_groups: "Seniors", Favourite_class: "Pilates" });
  const sandboxPage = await page.context().newPage();
  await sandboxPage.goto(`${readStack().sandboxUrl}/?q=${encodeURIComponent(email)}`);
  await expect(sandboxPage.getByRole("row", { name: new RegExp(email) })).toContainText("Client_groups: Seniors");
  // The profile shows what was sent once the run has recorded the import (a moment after the sandbox applied it).
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("sync-segment-values")).toContainText("Seniors", { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });

  // Groups off: cleared in Constant Contact; the owner's custom field and tag stay.
  await sendGroups(page, false);
  await expect
    .poll(async () => (await contact())?.custom_fields, { timeout: 60_000 })
    .toEqual({ Favourite_class: "Pilates" });
  expect((await contact())?.tags).toEqual(["VIP"]);
  await sandboxPage.reload();
  const row = sandboxPage.getByRole("row", { name: new RegExp(email) });
  await expect(row).not.toContainText("Client_groups");
  await expect(row).toContainText("Favourite_class: Pilates");
  await expect(row).toContainText("VIP");
});
