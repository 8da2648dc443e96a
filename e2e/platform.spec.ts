import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { createTestBusiness, TEST_PASSWORD, upsertUser } from "../prisma/seed/factories";
import { login, testDb } from "./fixtures";
import { expectAccessible } from "./ui-fixtures";

// The Platform page sums the whole e2e database, which other specs fill too: the two businesses here make far more
// calls than any test's, so they head the list, and the day's figures are checked as lower bounds. The ledger only
// feeds this page and the pull interval (worked out afresh at every tick), so a day this busy leaves nothing behind.
test("support sees the API key's day on Platform: calls by hour and kind, who spent them, who needs a person", async ({
  page,
}) => {
  const db = await testDb();
  const tag = randomUUID().slice(0, 8);
  const { business: busy } = await createTestBusiness(db, { name: `Busy Studio ${tag}` });
  const { business: broken } = await createTestBusiness(db, { name: `Broken Studio ${tag}` });
  await db.connection.create({
    data: {
      provider: "CONSTANT_CONTACT",
      businessId: broken.id,
      status: "NEEDS_RECONNECT",
      lastError: "Constant Contact needs to be reconnected.",
    },
  });
  const hour = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
  await db.apiCallLedger.createMany({
    data: [
      { hour, provider: "CONSTANT_CONTACT", kind: "PUSH", businessId: busy.id, calls: 6_000 },
      { hour, provider: "CONSTANT_CONTACT", kind: "UNSUBSCRIBE_PULL", businessId: busy.id, calls: 2_000 },
      { hour, provider: "CONSTANT_CONTACT", kind: "INTERACTIVE", businessId: broken.id, calls: 1_600 },
    ],
  });
  const support = await upsertUser(db, {
    email: `support-${tag}@platform.test`,
    name: "Sam Support",
    password: TEST_PASSWORD,
    support: true,
  });
  try {
    await login(page, support.email, TEST_PASSWORD);
    await page.getByRole("link", { name: "Platform" }).click();
    await expect(page.getByRole("heading", { name: "Platform", level: 1 })).toBeVisible();

    const today = page.getByTestId("calls-today");
    const used = Number((await today.locator("span").first().textContent())!.replaceAll(",", ""));
    expect(used).toBeGreaterThanOrEqual(9_600);
    await expect(today).toContainText("of 10,000");
    await expect(today).toContainText("background work stops at 9,500");
    await expect(page.getByRole("status")).toContainText("Background work has used its share of today");
    // This hour holds at least this spec's 9,600 calls, so it is the busiest, and the chart says so.
    const hh = hour.toISOString().slice(11, 16);
    await expect(page.getByRole("img", { name: /^Calls today by hour: / })).toHaveAttribute(
      "aria-label",
      new RegExp(`at most [\\d,]+ in one hour \\(${hh} UTC\\)$`),
    );
    await expect(page.getByTestId("hourly-calls")).toContainText(`calls at ${hh} UTC`);

    const firstRow = page.getByRole("row").nth(1);
    await expect(firstRow).toContainText(busy.name);
    await expect(firstRow).toContainText("8,000");
    const secondRow = page.getByRole("row").nth(2);
    await expect(secondRow).toContainText(broken.name);
    await expect(secondRow).toContainText("1,600");

    const attention = page.getByRole("listitem").filter({ hasText: broken.name });
    await expect(attention).toContainText("Needs reconnecting");
    await expect(attention).toContainText("Constant Contact needs to be reconnected.");
    await expectAccessible(page, "platform");

    // From the list to the console's search, where support can log in as the business to help.
    await attention.getByRole("link", { name: broken.name }).click();
    await expect(page.getByLabel("Name, slug or owner email")).toHaveValue(broken.name);
    await expect(page.getByRole("row").filter({ hasText: broken.name })).toHaveCount(1);
  } finally {
    // Gone again, so no later spec sees a day this busy.
    await db.apiCallLedger.deleteMany({ where: { businessId: { in: [busy.id, broken.id] } } });
  }
});
