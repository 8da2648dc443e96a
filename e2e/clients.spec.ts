import { expect, test, type Page } from "@playwright/test";
import { createTestBusiness, createTestClient, TEST_PASSWORD } from "../prisma/seed/factories";
import { linkIn, waitForMailTo } from "../tests/support/mail-inbox";
import { createTestConnection } from "./ui-fixtures";
import { login, readStack, testDb } from "./fixtures";

/** Fails the test on any server error: bad input must give a message, never a 500. */
function watchForServerErrors(page: Page) {
  const errors: string[] = [];
  page.on("response", (r) => {
    if (r.status() >= 500) errors.push(`${r.status()} ${r.url()}`);
  });
  return () => expect(errors).toEqual([]);
}

test("staff records consent with its source, a client unsubscribes in the portal, staff sees who did it", async ({
  page,
  browser,
}) => {
  const db = await testDb();
  const { business, staff } = await createTestBusiness(db);
  // Connected to Constant Contact, no list yet: the profile has a Constant Contact section, nothing is sent.
  await createTestConnection(db, business.id, "NEEDS_LIST");
  const client = await createTestClient(db, business.id, { firstName: "Maya", lastName: "Portal" });
  const noServerErrors = watchForServerErrors(page);
  await login(page, staff.email, TEST_PASSWORD);

  await page.goto(`/clients/${client.id}`);
  await expect(page.getByTestId("client-name")).toHaveText("Maya Portal");
  await expect(page.getByTestId("sync-status")).toHaveText("Not yet synced");

  // The vendor rule: no opt-in without how consent was given.
  const settings = page.getByRole("form", { name: "Notification settings" });
  await settings.getByLabel("Subscribe to news and updates").check();
  await settings.getByRole("button", { name: "Save notification settings" }).click();
  await expect(settings.getByText("Choose how the client gave consent.")).toBeVisible();
  await settings.getByLabel("How consent was given").selectOption({ label: "In writing" });
  await settings.getByRole("button", { name: "Save notification settings" }).click();
  await expect(page.getByTestId("consent-summary")).toContainText("(in writing)");
  const history = page.getByRole("table", { name: "Consent history" });
  await expect(history.getByRole("row").nth(1)).toContainText("Not subscribed → Subscribed");
  await expect(history.getByRole("row").nth(1)).toContainText(`Staff (${staff.name})`);
  await expect(history.getByRole("row").nth(1)).toContainText("In writing");

  // The invitation goes to the client's mailbox; staff see only where it went, never the link.
  await page.getByRole("button", { name: "Send portal invitation" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Invitation sent to" })).toBeVisible();
  await expect(page.getByTestId("invitation-sent-to")).toHaveText(client.email!);
  await expect(page.getByText(/set-password\?token=/)).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId("last-invitation")).toContainText(`Last invitation sent to ${client.email}`);
  await page.getByRole("button", { name: "Send portal invitation" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "An invitation was just sent." })).toBeVisible();
  const [invitation, ...more] = await waitForMailTo(readStack().mailUrl, client.email!, { subject: /Client Portal/ });
  expect(more).toHaveLength(0);
  expect(invitation!.subject).toBe(`Your invitation to the ${business.name} Client Portal`);
  const link = linkIn(invitation!, /\/set-password\?token=/);
  expect(link).toContain(`/portal/${business.slug}/set-password?token=`);

  // The client, in a browser of their own.
  const clientContext = await browser.newContext();
  const portal = await clientContext.newPage();
  const noPortalErrors = watchForServerErrors(portal);
  await portal.goto(link);
  await expect(portal.getByText("Hello, Maya.", { exact: false })).toBeVisible();
  await portal.getByLabel("New password").fill("short");
  await portal.getByLabel("Repeat the password").fill("short");
  await portal.getByRole("button", { name: "Set password" }).click();
  await expect(portal.getByText("Use at least 10 characters.")).toBeVisible();
  await portal.getByLabel("New password").fill("maya-portal-password");
  await portal.getByLabel("Repeat the password").fill("maya-portal-password");
  await portal.getByRole("button", { name: "Set password" }).click();
  await expect(portal.getByRole("heading", { name: "Hello, Maya" })).toBeVisible();
  await expect(portal.getByTestId("portal-subscription-state")).toHaveText("You are subscribed to news and updates.");

  // Sign out and back in with the new password.
  await portal.getByRole("button", { name: "Sign out" }).click();
  await expect(portal.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await portal.getByLabel("Email").fill(client.email!.toUpperCase());
  await portal.getByLabel("Password").fill("wrong-password");
  await portal.getByRole("button", { name: "Sign in" }).click();
  await expect(portal.getByRole("main").getByRole("alert")).toHaveText("Wrong email or password.");
  await portal.getByLabel("Password").fill("maya-portal-password");
  await portal.getByRole("button", { name: "Sign in" }).click();
  await portal.getByRole("button", { name: "Unsubscribe" }).click();
  await expect(portal.getByTestId("portal-subscription-state")).toHaveText(
    "You are not subscribed to news and updates.",
  );

  // The link worked once.
  await portal.goto(link);
  await expect(portal.getByRole("main").getByRole("alert")).toHaveText(
    "This link has expired or was already used. Ask the studio for a new one.",
  );
  noPortalErrors();
  await clientContext.close();

  await page.reload();
  await expect(page.getByTestId("consent-summary")).toContainText("by Client Portal");
  await expect(page.getByLabel("Subscribe to news and updates")).not.toBeChecked();
  await expect(history.getByRole("row").nth(1)).toContainText("Subscribed → Not subscribed");
  await expect(history.getByRole("row").nth(1)).toContainText("Client Portal");
  await expect(history.getByRole("row")).toHaveCount(3);
  noServerErrors();
});

test("bad input shows per-field errors, HTML-looking names render as text, a double click creates one client", async ({
  page,
}) => {
  const db = await testDb();
  const { business, staff } = await createTestBusiness(db);
  await createTestConnection(db, business.id, "NEEDS_LIST");
  const noServerErrors = watchForServerErrors(page);
  page.on("dialog", (dialog) => {
    throw new Error(`A script ran from stored input: ${dialog.message()}`);
  });
  await login(page, staff.email, TEST_PASSWORD);
  await page.goto("/clients/new");

  const form = page.getByRole("form", { name: "New client" });
  await form.getByLabel("First name").fill("x".repeat(10_000));
  await form.getByLabel("Last name").fill("   ");
  await form.getByLabel("Email").fill("not-an-email@");
  await form.getByRole("button", { name: "Create client" }).click();
  await expect(form.getByText("The first name can be at most 200 characters.")).toBeVisible();
  await expect(form.getByText("Enter the last name.")).toBeVisible();
  await expect(form.getByText("Enter a valid email, like name@example.com.")).toBeVisible();
  await expect(form.getByLabel("First name")).toHaveAttribute("aria-invalid", "true");
  await expect(page).toHaveURL(/\/clients\/new$/);

  const htmlName = `<img src=x onerror=alert(1)>`;
  const sqlName = `Robert'); DROP TABLE "Client";-- مريم 👩‍👩‍👧`;
  await form.getByLabel("First name").fill(htmlName);
  await form.getByLabel("Last name").fill(sqlName);
  await form.getByLabel("Email").fill("  Bobby.Tables@Example.TEST ");
  await form.getByRole("button", { name: "Create client" }).dblclick();
  await expect(page).toHaveURL(/\/clients\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("client-name")).toHaveText(`${htmlName} ${sqlName}`);
  await expect(page.locator("img")).toHaveCount(0);
  await expect(page.getByLabel("Email")).toHaveValue("Bobby.Tables@Example.TEST");
  expect(await db.client.count({ where: { businessId: business.id } })).toBe(1);

  // Editing: a malformed email is refused next to the field and nothing is lost.
  const profile = page.getByRole("form", { name: "Profile" });
  await profile.getByLabel("Email").fill("bobby@@example");
  await profile.getByLabel("City").fill("C".repeat(60));
  await profile.getByRole("button", { name: "Save profile" }).click();
  await expect(profile.getByText("Enter a valid email, like name@example.com.")).toBeVisible();
  await profile.getByLabel("Email").fill("bobby@example.test");
  await profile.getByRole("button", { name: "Save profile" }).click();
  await expect(profile.getByRole("status")).toHaveText("Saved.");
  await expect(page.getByRole("list", { name: "Constant Contact warnings" })).toContainText(
    "City is 60 characters: Constant Contact accepts 50",
  );

  // The list finds the client by words from the name and the email, and renders the name as text too.
  await page.goto(`/clients?q=${encodeURIComponent("drop BOBBY")}`);
  await expect(page.getByRole("link", { name: `${sqlName}, ${htmlName}` })).toBeVisible();
  noServerErrors();
});

test("a staff member of business A gets not found for business B's clients", async ({ page }) => {
  const db = await testDb();
  const a = await createTestBusiness(db);
  const b = await createTestBusiness(db);
  const theirs = await createTestClient(db, b.business.id, { firstName: "Secret", lastName: "Client" });
  await login(page, a.staff.email, TEST_PASSWORD);
  await page.goto(`/clients/${theirs.id}`);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  await expect(page.getByText("Secret")).toHaveCount(0);
  await page.goto("/clients/not-a-uuid");
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  await page.goto("/clients?q=Secret");
  await expect(page.getByText("No clients match.")).toBeVisible();
});

test("a client without an email can be created; the profile says why it is never synced", async ({ page }) => {
  const db = await testDb();
  const { business, staff } = await createTestBusiness(db);
  await createTestConnection(db, business.id, "NEEDS_LIST");
  await login(page, staff.email, TEST_PASSWORD);
  await page.goto("/clients/new");
  const form = page.getByRole("form", { name: "New client" });
  await form.getByLabel("First name").fill("שָׁלוֹם");
  await form.getByLabel("Last name").fill("NoEmail");
  await form.getByRole("button", { name: "Create client" }).click();
  await expect(page.getByTestId("client-name")).toHaveText("שָׁלוֹם NoEmail");
  await expect(page.getByRole("list", { name: "Constant Contact warnings" })).toContainText(
    "This client has no email, so they are never sent to Constant Contact.",
  );
  await expect(page.getByRole("button", { name: "Send portal invitation" })).toBeDisabled();
  await expect(
    page.getByText("This client has no email, so they cannot be invited. Add their email to the profile first."),
  ).toBeVisible();
});
