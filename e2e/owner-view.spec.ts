import { expect, test, type Locator, type Page } from "@playwright/test";
import { createTestBusiness, createTestClient, TEST_PASSWORD } from "../prisma/seed/factories";
import { PAGE } from "./constant-contact-steps";
import { login, testDb } from "./fixtures";
import { createTestConnection, createTestRun } from "./ui-fixtures";

// What an owner sees at 1280 px and on a 390-px phone: tables without a sideways scroll, one clock (the business's
// zone, relative with the exact time on focus), each run's outcome, the Constant Contact column of the clients.

const ISO_INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const WIDTHS = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
];

async function expectNoSidewaysScroll(page: Page) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth, "page wider than the screen").toBeLessThanOrEqual(innerWidth);
}

async function expectWithinViewport(page: Page, locator: Locator) {
  const box = await locator.boundingBox();
  const width = page.viewportSize()!.width;
  expect(box, "element laid out").not.toBeNull();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width, "element's right edge within the screen").toBeLessThanOrEqual(width);
}

async function businessWithRuns() {
  const db = await testDb();
  const made = await createTestBusiness(db);
  await db.business.update({ where: { id: made.business.id }, data: { timeZone: "America/Los_Angeles" } });
  const connection = await createTestConnection(db, made.business.id);
  await createTestRun(db, connection, {
    status: "SUCCEEDED",
    kind: "FULL",
    sent: 40,
    added: 38,
    updated: 2,
    minutesAgo: 600,
  });
  await createTestRun(db, connection, {
    status: "CANCELLED",
    error: "Constant Contact was disconnected.",
    sent: 125,
    minutesAgo: 120,
  });
  await createTestRun(db, connection, {
    status: "INTERRUPTED",
    error: "The process running this sync stopped before it finished.",
    sent: 10,
    minutesAgo: 60,
  });
  await createTestRun(db, connection, {
    status: "FAILED",
    error: "Constant Contact answered 500 three times.",
    minutesAgo: 5,
  });
  return { ...made, db, connection };
}

for (const viewport of WIDTHS) {
  test(`run history at ${viewport.width} px: every run's outcome visible without a sideways scroll`, async ({
    page,
  }) => {
    await page.setViewportSize(viewport);
    const { owner } = await businessWithRuns();
    await login(page, owner.email, TEST_PASSWORD);
    await page.goto(PAGE);
    const rows = page.getByTestId("run-row");
    await expect(rows).toHaveCount(4);
    await expectNoSidewaysScroll(page);

    const failedOutcome = page.locator('[data-testid="run-row"][data-status="FAILED"]').getByTestId("run-outcome");
    await expect(failedOutcome).toContainText("Failed");
    await expect(failedOutcome).toContainText("Constant Contact answered 500 three times.");
    await expect(failedOutcome.getByRole("button", { name: "Retry" })).toBeVisible();
    await failedOutcome.scrollIntoViewIfNeeded();
    await expectWithinViewport(page, failedOutcome);

    const cancelled = page.locator('[data-testid="run-row"][data-status="CANCELLED"]');
    await expect(cancelled.getByTestId("run-outcome")).toContainText("Cancelled");
    await expect(cancelled.getByTestId("run-outcome")).toContainText("Constant Contact was disconnected.");
    // The counts of a cancelled run do not read as a result.
    await expect(cancelled).toContainText("Before it stopped: 125 sent");
    await expect(cancelled.getByRole("button", { name: "Retry" })).toHaveCount(0);
    await expectWithinViewport(page, cancelled.getByTestId("run-outcome"));

    // Interrupted: not the newest run, so no Retry of its own; its clients stay pending for the next run.
    const interrupted = page.locator('[data-testid="run-row"][data-status="INTERRUPTED"]');
    await expect(interrupted.getByTestId("run-outcome")).toContainText("Interrupted");
    await expect(interrupted).toContainText("Before it stopped: 10 sent");
    await expect(interrupted.getByRole("button", { name: "Retry" })).toHaveCount(0);
    await expectWithinViewport(page, interrupted.getByTestId("run-outcome"));

    await expect(
      page.locator('[data-testid="run-row"][data-status="SUCCEEDED"]').getByTestId("run-outcome"),
    ).toHaveText("Completed");
    await expect(page.getByTestId("chart-problem-mark")).not.toHaveCount(0);
  });
}

test("one clock: the business's zone, relative where it helps, the exact time on keyboard focus, no ISO anywhere", async ({
  page,
}) => {
  const { owner } = await businessWithRuns();
  await login(page, owner.email, TEST_PASSWORD);
  await page.goto(PAGE);
  await expect(page.getByTestId("last-sync")).toHaveText(/^2 h ago/);
  await expect(page.getByTestId("next-work")).toContainText("unsubscribe check in");
  const started = page.locator('[data-testid="run-row"][data-status="CANCELLED"] time');
  await expect(started).toHaveText("2 h ago");
  await expect(started).toHaveAttribute("datetime", ISO_INSTANT);
  const tooltip = page.locator('[data-testid="run-row"][data-status="CANCELLED"] [role="tooltip"]');
  await expect(tooltip).toBeHidden();
  await started.focus();
  await expect(tooltip).toBeVisible();
  await expect(tooltip).toContainText(/ (PST|PDT) \(America\/Los_Angeles\)$/);
  await expect(started).toHaveAccessibleDescription(/America\/Los_Angeles/);
  expect(await page.locator("body").innerText()).not.toMatch(ISO_INSTANT);
  expect(await page.locator("body").innerText()).not.toContain("UTC");
});

for (const viewport of WIDTHS) {
  test(`clients at ${viewport.width} px: the Constant Contact column, filtered to everyone who failed`, async ({
    page,
  }) => {
    await page.setViewportSize(viewport);
    const db = await testDb();
    const { business, owner } = await createTestBusiness(db);
    const connection = await createTestConnection(db, business.id);
    const failing = await createTestClient(db, business.id, { firstName: "Fay", lastName: "Failing", newsOptIn: true });
    await db.clientSyncState.create({
      data: {
        connectionId: connection.id,
        clientId: failing.id,
        businessId: business.id,
        status: "FAILED",
        lastError: "Email is 72 characters; Constant Contact's import accepts at most 50.",
      },
    });
    const synced = await createTestClient(db, business.id, { firstName: "Sam", lastName: "Synced", newsOptIn: true });
    await db.clientSyncPending.delete({
      where: { connectionId_clientId: { connectionId: connection.id, clientId: synced.id } },
    });
    await db.clientSyncState.create({
      data: { connectionId: connection.id, clientId: synced.id, businessId: business.id, status: "SYNCED" },
    });
    await createTestClient(db, business.id, { firstName: "Nat", lastName: "Notin", newsOptIn: false });

    await login(page, owner.email, TEST_PASSWORD);
    await page.goto("/clients");
    const rows = page.getByTestId("client-row");
    await expect(rows).toHaveCount(3);
    await expect(rows.filter({ hasText: "Synced, Sam" }).getByTestId("client-sync-status-constant-contact")).toHaveText(
      "In the list",
    );
    await expect(rows.filter({ hasText: "Notin, Nat" }).getByTestId("client-sync-status-constant-contact")).toHaveText(
      "Not opted in",
    );
    await expectNoSidewaysScroll(page);

    await page.getByLabel("Constant Contact").selectOption({ label: "Failed" });
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL(/sync=failed/);
    await expect(rows).toHaveCount(1);
    const status = rows.first().getByTestId("client-sync-status-constant-contact");
    await expect(status).toContainText("Failed");
    await expect(status).toContainText("accepts at most 50");
    await expectWithinViewport(page, status);
    await expectNoSidewaysScroll(page);
    // The search field is a labelled search box.
    await expect(page.getByRole("searchbox", { name: "Search by name or email" })).toBeVisible();
  });
}

test("audit log and client profile fit a phone", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const db = await testDb();
  const { business, owner } = await createTestBusiness(db);
  const client = await createTestClient(db, business.id, { firstName: "Phoebe", newsOptIn: true });
  await login(page, owner.email, TEST_PASSWORD);
  await page.goto(`/clients/${client.id}`);
  await expect(page.getByTestId("client-name")).toBeVisible();
  await expectNoSidewaysScroll(page);
  await page.goto("/audit-log");
  await expectNoSidewaysScroll(page);
});
