import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { createTestBusiness, createTestClient, TEST_PASSWORD } from "../prisma/seed/factories";
import { chooseList, connectAtConstantContact, PAGE } from "./constant-contact-steps";
import { login, readStack, testDb } from "./fixtures";

// Bounces come back from Constant Contact: the owner sends a campaign there (the sandbox's control route) and one
// address bounces; after Sync now the client's profile says "Email bouncing" with the kind, the clients list's filter
// finds the client, the page says when bounces were last checked, and editing the email clears it.

async function sandbox(path: string, body?: unknown) {
  const response = await fetch(`${readStack().sandboxUrl}/__control${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`sandbox ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

test("a campaign's bounce shows on the client's profile and in the list filter until the email is edited", async ({
  page,
}) => {
  test.setTimeout(180_000);
  const db = await testDb();
  const { business, owner } = await createTestBusiness(db);
  const accountEmail = `e2e-${randomUUID().slice(0, 8)}@cc.test`;
  await sandbox("/seed", {
    account: { email: accountEmail, password: "sandbox-password", organizationName: `${business.name} Marketing` },
    lists: [{ name: "Newsletter" }],
  });
  const [mia, leo] = await Promise.all(
    ["Mia", "Leo"].map((firstName) => createTestClient(db, business.id, { newsOptIn: true, firstName })),
  );

  await login(page, owner.email, TEST_PASSWORD);
  await page.goto(PAGE);
  await connectAtConstantContact(page, "Allow", accountEmail);
  await chooseList(page, "Newsletter");
  // Both clients are in the list (as the sync recorded them) before the campaign goes out.
  await expect
    .poll(() => db.clientSyncState.count({ where: { businessId: business.id, status: "SYNCED" } }), {
      timeout: 60_000,
    })
    .toBe(2);

  const campaign = `Spring newsletter ${randomUUID().slice(0, 6)}`;
  await sandbox("/campaigns", {
    accountEmail,
    list: "Newsletter",
    name: campaign,
    bounces: [{ email: mia!.emailNormalized, code: "B" }],
  });
  await page.reload();
  await page.getByRole("button", { name: "Sync now" }).click();
  // The pull Sync now asked for has read the campaign: the page counts Mia and says when bounces were checked.
  await expect
    .poll(
      async () => {
        await page.reload();
        return page.getByTestId("count-bouncing").locator("span").first().textContent();
      },
      { timeout: 60_000 },
    )
    .toBe("1");
  await expect(page.getByTestId("bounces-checked")).not.toHaveText("Not yet");
  await expect(page.getByTestId("bounces-checked")).not.toBeEmpty();

  await page.goto(`/clients/${mia!.id}`);
  const bouncing = page.getByTestId("email-bouncing");
  await expect(bouncing).toContainText("Email bouncing: mailbox does not exist");
  await expect(bouncing).toContainText(campaign);

  await page.goto("/clients?sync=bouncing&via=constant-contact");
  await expect(page.getByTestId("client-row")).toHaveCount(1);
  await expect(page.getByTestId("client-row")).toContainText(mia!.lastName);
  await expect(page.getByTestId("client-row")).not.toContainText(leo!.lastName);

  // The front desk asks Mia for her new address: saved, the bounce of the old one no longer shows.
  await page.goto(`/clients/${mia!.id}`);
  await page.getByLabel("Email").fill(`mia-${randomUUID().slice(0, 6)}@example.test`);
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByTestId("email-bouncing")).toHaveCount(0);
  await page.goto("/clients?sync=bouncing&via=constant-contact");
  await expect(page.getByTestId("client-row")).toHaveCount(0);
});
