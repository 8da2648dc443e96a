import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { dailyCaps } from "../lib/integrations/constant-contact/budget-policy";
import { createTestBusiness, createTestClient, TEST_PASSWORD, upsertUser } from "../prisma/seed/factories";
import { chooseList, connectAtConstantContact, PAGE } from "./constant-contact-steps";
import { login, readStack, testDb } from "./fixtures";

// The day's push plan reads the whole platform's ledger and runs. Each test makes the day busy for a moment (the
// ledger up to what the plans aim at, so only the margin is left, and one connection that pushed 10 minutes ago)
// and takes it back, so no later spec finds its changes batched.

type Db = Awaited<ReturnType<typeof testDb>>;

async function busyDay(db: Db) {
  const { business } = await createTestBusiness(db, { name: `Busy Day ${randomUUID().slice(0, 8)}` });
  const connection = await db.connection.create({
    data: { provider: "CONSTANT_CONTACT", businessId: business.id, status: "DISCONNECTED" },
  });
  await db.syncRun.create({
    data: {
      businessId: business.id,
      connectionId: connection.id,
      kind: "DELTA",
      trigger: "CLIENT_CHANGE",
      status: "SUCCEEDED",
      apiCalls: 2,
      startedAt: new Date(Date.now() - 10 * 60_000),
      finishedAt: new Date(Date.now() - 9 * 60_000),
    },
  });
  const now = new Date();
  const dayStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const used = await db.apiCallLedger.aggregate({
    where: { provider: "CONSTANT_CONTACT", hour: { gte: dayStart } },
    _sum: { calls: true },
  });
  const calls = Math.max(1, dailyCaps(10_000).planned - (used._sum.calls ?? 0));
  const hour = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000);
  await db.apiCallLedger.create({
    data: { hour, provider: "CONSTANT_CONTACT", kind: "PUSH", businessId: business.id, calls },
  });
  return {
    async end() {
      await db.apiCallLedger.deleteMany({ where: { businessId: business.id } });
      await db.syncRun.deleteMany({ where: { businessId: business.id } });
    },
  };
}

async function sandbox(path: string, body: unknown) {
  const response = await fetch(`${readStack().sandboxUrl}/__control${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`sandbox ${path}: ${response.status}`);
}

test("the owner reads how often changes are sent when the day is busy, and nothing about it on a quiet day", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const db = await testDb();
  const { business, owner } = await createTestBusiness(db);
  const accountEmail = `plan-${randomUUID().slice(0, 8)}@cc.test`;
  await sandbox("/seed", {
    account: { email: accountEmail, password: "sandbox-password", organizationName: `${business.name} Marketing` },
    lists: [{ name: "Newsletter" }],
  });
  await createTestClient(db, business.id, { newsOptIn: true });
  await login(page, owner.email, TEST_PASSWORD);
  await page.goto(PAGE);
  await connectAtConstantContact(page, "Allow", accountEmail);
  await chooseList(page, "Newsletter");
  const status = page.getByTestId("sync-status");
  await expect(status.getByTestId("next-work")).toBeVisible();
  await expect(status.getByTestId("push-batching")).toHaveCount(0);

  const day = await busyDay(db);
  try {
    await page.reload();
    await expect(status.getByTestId("push-batching")).toHaveText(
      /^Changes are sent about every (\d+ minutes|[\d.]+ hours) today\. .*Sync now sends at once\.$/,
    );
  } finally {
    await day.end();
  }
  await page.reload();
  await expect(status.getByTestId("next-work")).toBeVisible();
  await expect(status.getByTestId("push-batching")).toHaveCount(0);
});

test("support sees the planned wait and the day's projection against the budget on Platform", async ({ page }) => {
  const db = await testDb();
  const support = await upsertUser(db, {
    email: `support-plan-${randomUUID().slice(0, 8)}@platform.test`,
    name: "Sam Support",
    password: TEST_PASSWORD,
    support: true,
  });
  await login(page, support.email, TEST_PASSWORD);
  await page.getByRole("link", { name: "Platform" }).click();
  const plan = page.getByTestId("push-plan");
  await expect(plan).toContainText("Planned wait between a business's pushes: the debounce");

  const day = await busyDay(db);
  try {
    await page.reload();
    await expect(plan).toHaveText(
      /^Planned wait between a business's pushes: \d+(\.\d)? (min|h) · projected for today ([\d,]+) of 9,500 background calls \(the plan aims at 8,550\)/,
    );
    const projected = Number(/projected for today ([\d,]+)/.exec((await plan.textContent())!)![1]!.replaceAll(",", ""));
    expect(projected).toBeGreaterThanOrEqual(8_550);
    expect(projected).toBeLessThanOrEqual(9_500);
  } finally {
    await day.end();
  }
});
