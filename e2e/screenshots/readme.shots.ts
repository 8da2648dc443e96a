import { randomUUID } from "node:crypto";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { addMember, TEST_PASSWORD, upsertBusiness, upsertUser } from "../../prisma/seed/factories";
import { chooseList, connectAtConstantContact, PAGE } from "../constant-contact-steps";
import { login, readStack, testDb } from "../fixtures";
import { createTestRun } from "../ui-fixtures";

const OUT = path.join(process.cwd(), "docs", "screenshots");
const CLIENTS = [
  ["Maya", "Alvarez", "Portland"],
  ["Noah", "Bennett", "Salem"],
  ["Olivia", "Chen", "Eugene"],
  ["Liam", "Dawson", "Bend"],
  ["Emma", "Fischer", "Portland"],
  ["Lucas", "Garcia", "Beaverton"],
  ["Ava", "Hughes", "Gresham"],
  ["Ethan", "Ito", "Hillsboro"],
] as const;

test("README screenshots", async ({ page }) => {
  test.setTimeout(180_000);
  const db = await testDb();
  const tag = randomUUID().slice(0, 6);
  const business = await upsertBusiness(db, {
    name: "Harbor Yoga",
    slug: `harbor-${tag}`,
    countryCode: "US",
    timeZone: "America/Los_Angeles",
  });
  const owner = await upsertUser(db, {
    email: `owner-${tag}@harbor.test`,
    name: "Hana Harbor",
    password: TEST_PASSWORD,
  });
  await addMember(db, owner.id, business.id, "OWNER");
  const clients = [];
  for (const [firstName, lastName, city] of CLIENTS) {
    clients.push(
      await db.client.create({
        data: {
          businessId: business.id,
          firstName,
          lastName,
          city,
          email: `${firstName}.${lastName}-${tag}@example.test`.toLowerCase(),
          emailNormalized: `${firstName}.${lastName}-${tag}@example.test`.toLowerCase(),
          newsOptIn: true,
          consentAt: new Date(),
          consentMethod: "IN_PERSON",
        },
      }),
    );
  }
  // One address Constant Contact refuses, so the failures list and the clients' column have something to show.
  const longEmail = `${"k".repeat(52)}@example.test`;
  await db.client.create({
    data: {
      businessId: business.id,
      firstName: "Kai",
      lastName: "Long",
      city: "Salem",
      email: longEmail,
      emailNormalized: longEmail,
      newsOptIn: true,
      consentAt: new Date(),
      consentMethod: "IN_WRITING",
    },
  });
  const account = `harbor-${tag}@cc.test`;
  const seeded = await fetch(`${readStack().sandboxUrl}/__control/seed`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      account: { email: account, password: "sandbox-password", organizationName: "Harbor Yoga Marketing" },
      lists: [{ name: "Newsletter" }, { name: "Members" }, { name: "Workshops" }, { name: "Teacher training" }],
    }),
  });
  expect(seeded.ok).toBe(true);

  await login(page, owner.email, TEST_PASSWORD);
  await page.goto(PAGE);
  await connectAtConstantContact(page, "Allow", account);
  await page.getByRole("button", { name: "Choose list" }).click();
  const dialog = page.getByRole("dialog", { name: "Choose list" });
  await dialog.getByRole("radio", { name: /^Newsletter\b/ }).check();
  await page.screenshot({ path: path.join(OUT, "choose-list.png") });
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await chooseList(page, "Newsletter");
  await expect
    .poll(() => db.syncRun.count({ where: { businessId: business.id, status: { not: "RUNNING" } } }), {
      timeout: 60_000,
    })
    .toBeGreaterThan(0);
  const connection = await db.connection.findUniqueOrThrow({
    where: { businessId_provider: { businessId: business.id, provider: "CONSTANT_CONTACT" } },
  });
  await createTestRun(db, connection, {
    status: "CANCELLED",
    error: "Constant Contact was disconnected.",
    sent: 125,
    minutesAgo: 26 * 60,
  });
  await createTestRun(db, connection, { status: "SUCCEEDED", sent: 3, added: 1, updated: 2, minutesAgo: 3 * 60 });
  await page.reload();
  await expect(page.getByTestId("run-history")).toBeVisible();
  await page.screenshot({ path: path.join(OUT, "constant-contact.png"), fullPage: true });

  await page.goto(`/clients/${clients[0]!.id}`);
  await expect(page.getByTestId("client-name")).toBeVisible();
  await page.screenshot({ path: path.join(OUT, "client-profile.png"), fullPage: true });

  await page.goto("/clients");
  await expect(page.getByTestId("clients-table")).toBeVisible();
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/login/);
  const support = await upsertUser(db, {
    email: `support-${tag}@platform.test`,
    name: "Sam Support",
    password: TEST_PASSWORD,
    support: true,
  });
  await login(page, support.email, TEST_PASSWORD);
  await page.getByLabel("Name, slug or owner email").fill("Harbor Yoga");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByRole("row").filter({ hasText: business.name }).first()).toBeVisible();
  await page.screenshot({ path: path.join(OUT, "support-console.png"), fullPage: true });

  // The Platform page on a day with calls in every hour so far: pulls through the night, pushes in the studio's day.
  const now = new Date();
  const dayStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const hours = Array.from({ length: now.getUTCHours() + 1 }, (_, h) => new Date(dayStart + h * 3_600_000));
  await db.apiCallLedger.deleteMany({ where: { businessId: business.id } }); // the few real calls of this run
  await db.apiCallLedger.createMany({
    data: hours.flatMap((hour, h) => [
      {
        hour,
        provider: "CONSTANT_CONTACT" as const,
        kind: "UNSUBSCRIBE_PULL" as const,
        businessId: business.id,
        calls: 40 + ((h * 7) % 15),
      },
      {
        hour,
        provider: "CONSTANT_CONTACT" as const,
        kind: "PUSH" as const,
        businessId: business.id,
        calls: h >= 14 ? 60 + ((h * 13) % 40) : 10,
      },
      {
        hour,
        provider: "CONSTANT_CONTACT" as const,
        kind: "INTERACTIVE" as const,
        businessId: business.id,
        calls: h % 5 === 0 ? 6 : 1,
      },
    ]),
  });
  await page.getByRole("link", { name: "Platform" }).click();
  await expect(page.getByTestId("hourly-calls")).toBeVisible();
  await page.screenshot({ path: path.join(OUT, "support-platform.png"), fullPage: true });
  await db.apiCallLedger.deleteMany({ where: { businessId: business.id } });
});
