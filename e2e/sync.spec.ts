import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { createTestBusiness, createTestClient, TEST_PASSWORD } from "../prisma/seed/factories";
import { chooseList, connectAtConstantContact, PAGE } from "./constant-contact-steps";
import { login, readStack, testDb } from "./fixtures";

/** The sandbox's control API (only in the sandbox): what Constant Contact holds, and a contact unsubscribing. */
async function sandbox(path: string, body?: unknown) {
  const response = await fetch(`${readStack().sandboxUrl}/__control${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`sandbox ${path}: ${response.status}`);
  return response.json();
}

/** The number shown on a count tile, exactly (a substring match would take "13" for "3"). */
const countTile = (page: import("@playwright/test").Page, key: string) =>
  page.getByTestId(`count-${key}`).locator("span").first();

async function listEmails(accountEmail: string): Promise<string[]> {
  const body = await sandbox(`/accounts/${encodeURIComponent(accountEmail)}/contacts?list=Newsletter&limit=500`);
  return (body.contacts as { email: string }[]).map((c) => c.email).sort();
}

test("connect, choose a list, and the opted-in clients arrive; edits follow; unsubscribes come back", async ({
  page,
}) => {
  test.setTimeout(180_000);
  const db = await testDb();
  const { business, owner, staff } = await createTestBusiness(db);
  const accountEmail = `e2e-${randomUUID().slice(0, 8)}@cc.test`;
  await sandbox("/seed", {
    account: { email: accountEmail, password: "sandbox-password", organizationName: `${business.name} Marketing` },
    lists: [{ name: "Newsletter" }, { name: "Other" }],
  });
  const optedIn = await Promise.all(
    [0, 1, 2].map((i) => createTestClient(db, business.id, { newsOptIn: true, city: `City ${i}` })),
  );
  await createTestClient(db, business.id, { newsOptIn: false });

  await login(page, owner.email, TEST_PASSWORD);
  await page.goto(PAGE);
  await connectAtConstantContact(page, "Allow", accountEmail);
  await chooseList(page, "Newsletter");

  // Within a minute the sandbox shows exactly the opted-in clients in the list.
  await expect
    .poll(() => listEmails(accountEmail), { timeout: 60_000 })
    .toEqual(optedIn.map((c) => c.emailNormalized!).sort());
  await page.reload();
  await expect(countTile(page, "inList")).toHaveText("3");
  await expect(page.getByTestId("run-history")).toContainText("Full sync");

  // An edit reaches Constant Contact within the debounce window.
  await page.goto(`/clients/${optedIn[0]!.id}`);
  const city = page.getByLabel("City");
  await city.fill("Asheville");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect
    .poll(
      async () => {
        const body = await sandbox(
          `/accounts/${encodeURIComponent(accountEmail)}/contacts?email=${encodeURIComponent(optedIn[0]!.emailNormalized!)}`,
        );
        return body.contacts[0]?.city;
      },
      { timeout: 60_000 },
    )
    .toBe("Asheville");

  // A contact unsubscribes in Constant Contact; staff press Sync now; the client is opted out, source Constant Contact.
  await sandbox("/unsubscribe", { accountEmail, email: optedIn[2]!.emailNormalized });
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await login(page, staff.email, TEST_PASSWORD);
  await page.goto(PAGE);
  await expect(page.getByTestId("sync-status")).toBeVisible();
  await expect(page.getByRole("button", { name: /^Disconnect/ })).toHaveCount(0);
  await page.getByRole("button", { name: "Sync now" }).click();
  await expect
    .poll(async () => (await db.client.findUniqueOrThrow({ where: { id: optedIn[2]!.id } })).newsOptIn, {
      timeout: 60_000,
    })
    .toBe(false);
  await page.goto(`/clients/${optedIn[2]!.id}`);
  // The newest entry of the consent history says who opted the client out.
  await expect(page.getByRole("table", { name: "Consent history" }).locator("tbody tr").first()).toContainText(
    "Constant Contact unsubscribe",
  );
});

test("staff see a run's progress and its history row after Sync now", async ({ page }) => {
  test.setTimeout(120_000);
  const db = await testDb();
  const { business, owner, staff } = await createTestBusiness(db);
  const accountEmail = `e2e-${randomUUID().slice(0, 8)}@cc.test`;
  await sandbox("/seed", {
    account: { email: accountEmail, password: "sandbox-password" },
    lists: [{ name: "Newsletter" }],
  });
  await createTestClient(db, business.id, { newsOptIn: true });
  await login(page, owner.email, TEST_PASSWORD);
  await page.goto(PAGE);
  await connectAtConstantContact(page, "Allow", accountEmail);
  await chooseList(page, "Newsletter");
  await expect
    .poll(async () => db.syncRun.count({ where: { businessId: business.id, status: { not: "RUNNING" } } }), {
      timeout: 60_000,
    })
    .toBeGreaterThan(0);

  // New clients, and a slow Constant Contact: the run stays visible long enough to watch.
  for (let i = 0; i < 3; i++) await createTestClient(db, business.id, { newsOptIn: true });
  // A window, not a count: another business's background import must not use up the delay meant for ours.
  await sandbox("/faults", {
    kind: "delay",
    delayMs: 4_000,
    durationMs: 30_000,
    pathPrefix: "/v3/activities/contacts_json_import",
  });
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await login(page, staff.email, TEST_PASSWORD);
  await page.goto(PAGE);
  await page.getByRole("button", { name: "Sync now" }).click();
  await expect(page.getByTestId("sync-progress")).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole("progressbar", { name: "Sync progress" })).toBeVisible();
  await expect(page.getByTestId("sync-progress")).toBeHidden({ timeout: 60_000 });
  await expect(page.getByTestId("run-history").locator("tbody tr").first()).toContainText("Sync now");
  await expect(countTile(page, "inList")).toHaveText("4");
  await fetch(`${readStack().sandboxUrl}/__control/faults`, { method: "DELETE" });
});
