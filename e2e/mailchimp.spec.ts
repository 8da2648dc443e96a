import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { createTestBusiness, createTestClient, TEST_PASSWORD } from "../prisma/seed/factories";
import { login, readStack, testDb } from "./fixtures";

// The Mailchimp integration the way an owner uses it, against the Mailchimp sandbox: App Drawer › View All ›
// Setup › Integrations › Mailchimp › Connect Business › Mailchimp's login › Choose audience › Save; a new consenting
// client reaches the audience; an unsubscribe made in Mailchimp withdraws the consent here; a cleaned address shows
// as bouncing; the X and OK disconnect (and our webhook is gone from Mailchimp).

const PAGE = "/setup/integrations/mailchimp";

async function mailchimp<T = Record<string, unknown>>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${readStack().mailchimpSandboxUrl}/__control${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`mailchimp sandbox ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

const memberStatus = async (accountEmail: string, email: string) =>
  (
    await mailchimp<{ members: { status: string }[] }>(
      `/accounts/${encodeURIComponent(accountEmail)}/members?list=Newsletter&email=${encodeURIComponent(email)}`,
    )
  ).members[0]?.status ?? null;

async function openMailchimpPage(page: Page) {
  await page.getByRole("button", { name: "App Drawer" }).click();
  await page.getByRole("dialog", { name: "Apps" }).getByRole("link", { name: "View All" }).click();
  await page.getByRole("link", { name: "Setup", exact: true }).click();
  await page.getByRole("link", { name: "Integrations" }).click();
  await page.getByRole("link", { name: "Mailchimp" }).click();
  await expect(page.getByRole("heading", { name: "Mailchimp", level: 1 })).toBeVisible();
}

test("Mailchimp: connect, choose audience, clients arrive, unsubscribes and bounces come back, X and OK disconnect", async ({
  page,
}) => {
  test.setTimeout(180_000);
  const db = await testDb();
  const { business, owner } = await createTestBusiness(db);
  const accountEmail = `e2e-${randomUUID().slice(0, 8)}@mc.test`;
  await mailchimp("/seed", {
    account: { email: accountEmail, password: "sandbox-password", accountName: `${business.name} Mail` },
    lists: [{ name: "Newsletter" }, { name: "Workshops" }],
  });
  const first = await createTestClient(db, business.id, { newsOptIn: true, firstName: "Mia", city: "Oslo" });

  await login(page, owner.email, TEST_PASSWORD);
  await openMailchimpPage(page);
  await page.getByRole("button", { name: "Connect Business" }).click();
  await expect(page.getByRole("heading", { name: "Log in" })).toBeVisible();
  await page.getByLabel("Email").fill(accountEmail);
  await page.getByLabel("Password").fill("sandbox-password");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(new RegExp(`${PAGE}\\?connected=1`));
  await expect(page.getByRole("status")).toContainText("Now choose the audience to keep in sync.");

  await page.getByRole("button", { name: "Choose audience" }).click();
  const dialog = page.getByRole("dialog", { name: "Choose audience" });
  await dialog.getByLabel("Search audiences").fill("news");
  await expect(dialog.getByRole("radio")).toHaveCount(1);
  await dialog.getByRole("radio", { name: /^Newsletter\b/ }).check();
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("integration-list")).toHaveText("Newsletter");
  await expect(page.getByTestId("integration-account")).toHaveText(`${business.name} Mail`);

  // The client who consented before is in the audience, with name and city.
  await expect.poll(() => memberStatus(accountEmail, first.emailNormalized!), { timeout: 60_000 }).toBe("subscribed");

  // A new client with consent, from the New client form, follows within the debounce.
  await page.goto("/clients/new");
  const form = page.getByRole("form", { name: "New client" });
  const email = `new-${randomUUID().slice(0, 8)}@example.test`;
  await form.getByLabel("First name").fill("Noah");
  await form.getByLabel("Last name").fill("Berg");
  await form.getByLabel("Email").fill(email);
  await form.getByRole("button", { name: /Create|Save/ }).click();
  await expect(page.getByTestId("client-name")).toHaveText("Noah Berg");
  const settings = page.getByRole("region", { name: "Notification settings" });
  await settings.getByLabel("Subscribe to news and updates").check();
  await settings.getByLabel("How consent was given").selectOption({ label: "In person" });
  await settings.getByRole("button", { name: "Save notification settings" }).click();
  await expect.poll(() => memberStatus(accountEmail, email), { timeout: 60_000 }).toBe("subscribed");

  // Noah unsubscribes in Mailchimp: the webhook withdraws his consent here, with Mailchimp named as the source.
  await mailchimp("/unsubscribe", { accountEmail, email });
  await expect
    .poll(async () => (await db.client.findFirstOrThrow({ where: { businessId: business.id, email } })).newsOptIn, {
      timeout: 30_000,
    })
    .toBe(false);
  await page.reload();
  await expect(page.getByTestId("consent-summary")).toContainText("by Mailchimp unsubscribe");

  // Mia's address bounces (Mailchimp cleans it): her profile says so, and the clients list finds her by it.
  await mailchimp("/clean", { accountEmail, email: first.emailNormalized });
  await page.goto(`/clients/${first.id}`);
  await expect
    .poll(
      async () => {
        await page.reload();
        return page.getByTestId("email-bouncing").count();
      },
      { timeout: 30_000 },
    )
    .toBe(1);
  await expect(page.getByTestId("email-bouncing")).toContainText("mailbox does not exist");
  await page.goto("/clients?sync=bouncing&via=mailchimp");
  await expect(page.getByTestId("client-row")).toHaveCount(1);
  await expect(page.getByTestId("client-row")).toContainText(first.lastName);

  // X, then OK: disconnected, and our webhook is deleted in Mailchimp.
  await page.goto(PAGE);
  await page.getByRole("button", { name: `Disconnect ${business.name}` }).click();
  const confirm = page.getByRole("dialog", { name: "Disconnect Mailchimp?" });
  await confirm.getByRole("button", { name: "OK" }).click();
  await expect(page.getByRole("button", { name: "Connect Business" })).toBeVisible();
  const hooks = await mailchimp<{ webhooks: unknown[] }>(`/webhooks?accountEmail=${encodeURIComponent(accountEmail)}`);
  expect(hooks.webhooks).toHaveLength(0);
});

test("Mailchimp: staff see the page read-only", async ({ page }) => {
  const db = await testDb();
  const { staff } = await createTestBusiness(db);
  await login(page, staff.email, TEST_PASSWORD);
  await page.goto(PAGE);
  await expect(page.getByRole("heading", { name: "Mailchimp", level: 1 })).toBeVisible();
  await expect(page.getByText("Only the business owner can connect, choose the audience or disconnect.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Connect Business" })).toHaveCount(0);
});
