import { expect, test } from "@playwright/test";
import { createTestBusiness, TEST_PASSWORD } from "../prisma/seed/factories";
import { chooseList, connectAtConstantContact, PAGE } from "./constant-contact-steps";
import { login, testDb } from "./fixtures";

const STATUS = "**/api/integrations/constant-contact/status";

test("when the status endpoint answers 503 (database out of reach), the panel says the status is unavailable", async ({
  page,
}) => {
  const db = await testDb();
  const { owner } = await createTestBusiness(db);
  await login(page, owner.email, TEST_PASSWORD);
  await page.goto(PAGE);
  await connectAtConstantContact(page);
  await chooseList(page, "Newsletter");
  // Sync now is enabled once the connection is active and the first sync (if any) is over.
  await page.reload();
  const panel = page.getByTestId("sync-status");
  const syncNow = panel.getByRole("button", { name: "Sync now" });
  await expect(syncNow).toBeEnabled({ timeout: 60_000 });
  await expect(page.getByTestId("sync-status-unavailable")).toHaveCount(0);

  // What the route answers when the database cannot be reached (lib/http/route-error-response.ts).
  await page.route(STATUS, (route) =>
    route.fulfill({
      status: 503,
      contentType: "application/json",
      body: JSON.stringify({ error: "This is unavailable right now. Please try again in a moment." }),
    }),
  );
  await syncNow.click();
  await expect(page.getByTestId("sync-status-unavailable")).toHaveText(
    "Sync status is unavailable right now. The figures below may be out of date.",
  );
  await expect(panel.getByTestId("count-inList")).toBeVisible();

  // The database is back: the next poll clears the message.
  await page.unroute(STATUS);
  await expect(page.getByTestId("sync-status-unavailable")).toHaveCount(0);
});
