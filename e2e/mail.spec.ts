import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { createTestBusiness, createTestClient, TEST_PASSWORD } from "../prisma/seed/factories";
import { linkIn, mailTo, rawMail, waitForMailTo } from "../tests/support/mail-inbox";
import { chooseList, connectAtConstantContact, PAGE } from "./constant-contact-steps";
import { login, readStack, testDb } from "./fixtures";

// Email end to end, read from the mail catcher the e2e server starts (scripts/e2e-server.ts).

async function sandbox(path: string, body: unknown) {
  const response = await fetch(`${readStack().sandboxUrl}/__control${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`sandbox ${path}: ${response.status}`);
  return response.json();
}

test("a portal invitation: staff send it, the client sets a password from the email and subscribes; the history names the client", async ({
  page,
  browser,
}) => {
  const db = await testDb();
  const { business, staff } = await createTestBusiness(db);
  const client = await createTestClient(db, business.id, { firstName: "Ines", lastName: "Invited" });
  await login(page, staff.email, TEST_PASSWORD);
  await page.goto(`/clients/${client.id}`);
  await page.getByRole("button", { name: "Send portal invitation" }).click();
  await expect(page.getByTestId("invitation-sent-to")).toHaveText(client.email!);

  const [mail] = await waitForMailTo(readStack().mailUrl, client.email!);
  expect(mail!.subject).toBe(`Your invitation to the ${business.name} Client Portal`);
  expect(mail!.html).toContain(business.name);
  expect(mail!.text).toContain("Hello Ines");
  const link = linkIn(mail!, /\/set-password\?token=/);

  const clientContext = await browser.newContext();
  const portal = await clientContext.newPage();
  await portal.goto(link);
  await expect(portal.getByText("Hello, Ines.", { exact: false })).toBeVisible();
  await portal.getByLabel("New password").fill("ines-portal-password");
  await portal.getByLabel("Repeat the password").fill("ines-portal-password");
  await portal.getByRole("button", { name: "Set password" }).click();
  await expect(portal.getByTestId("portal-subscription-state")).toHaveText(
    "You are not subscribed to news and updates.",
  );
  await portal.getByRole("button", { name: "Subscribe to news and updates" }).click();
  await expect(portal.getByTestId("portal-subscription-state")).toHaveText("You are subscribed to news and updates.");
  await clientContext.close();

  await page.reload();
  const history = page.getByRole("table", { name: "Consent history" });
  await expect(history.getByRole("row").nth(1)).toContainText("Not subscribed → Subscribed");
  await expect(history.getByRole("row").nth(1)).toContainText("Client Portal");
  const event = await db.consentEvent.findFirstOrThrow({ where: { clientId: client.id } });
  expect(event).toMatchObject({
    source: "CLIENT_PORTAL",
    actorClientId: client.id,
    actorUserId: null,
    impersonatorUserId: null,
  });
  // Exactly one email for the one invitation.
  expect(await mailTo(readStack().mailUrl, client.email!)).toHaveLength(1);
});

test("a revoked grant: the owner gets one alert whose link leads to Reconnect, then one back-to-normal email", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const db = await testDb();
  const { business, owner, staff } = await createTestBusiness(db);
  const accountEmail = `e2e-${randomUUID().slice(0, 8)}@cc.test`;
  await sandbox("/seed", {
    account: { email: accountEmail, password: "sandbox-password", organizationName: `${business.name} Marketing` },
    lists: [{ name: "Newsletter" }],
  });
  await createTestClient(db, business.id, { newsOptIn: true });
  await login(page, owner.email, TEST_PASSWORD);
  await page.goto(PAGE);
  await connectAtConstantContact(page, "Allow", accountEmail);
  await chooseList(page, "Newsletter");
  await expect
    .poll(
      async () => (await db.syncRun.findFirst({ where: { businessId: business.id, status: "SUCCEEDED" } }))?.id ?? null,
      { timeout: 60_000 },
    )
    .not.toBeNull();

  // Constant Contact's side ends the grant; the next sync finds out.
  await sandbox("/revoke-grant", { accountEmail });
  await page.reload();
  await page.getByRole("button", { name: "Sync now" }).click();
  const mailUrl = readStack().mailUrl;
  const [alert] = await waitForMailTo(mailUrl, owner.email, {
    subject: /Action needed: reconnect Constant Contact/,
    timeoutMs: 60_000,
  });
  expect(alert!.subject).toBe(`Action needed: reconnect Constant Contact for ${business.name}`);
  for (const part of ["What happened:", "What it means for your clients:", "What to do:"])
    expect(alert!.text).toContain(part);
  const raw = (await rawMail(mailUrl, alert!.id)).replace(/\r?\n[ \t]+/g, " "); // unfold long header lines (RFC 5322)
  expect(raw).toMatch(/List-Unsubscribe: <http:\/\/localhost:\d+\/api\/alerts\/unsubscribe\?token=[\w.-]+>\r?\n/);
  expect(raw).toContain("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
  // Staff did not choose this alert.
  expect(await mailTo(mailUrl, staff.email)).toHaveLength(0);

  // The link in the email goes straight to Reconnect.
  await page.goto(linkIn(alert!, /\/setup\/integrations\/constant-contact/));
  await expect(page.getByTestId("integration-status")).toHaveText("Needs reconnecting");
  await connectAtConstantContact(page, "Allow", accountEmail);
  await expect(page.getByTestId("integration-status")).toHaveText("Active: syncing");

  const [normal] = await waitForMailTo(mailUrl, owner.email, { subject: /Back to normal/ });
  expect(normal!.subject).toBe(`Back to normal: Constant Contact is connected again for ${business.name}`);
  // One incident, one alert, one back-to-normal.
  expect((await mailTo(mailUrl, owner.email)).map((m) => m.subject.split(":")[0])).toEqual([
    "Action needed",
    "Back to normal",
  ]);

  // The unsubscribe link works without logging in, and the person's settings page shows it.
  const anonymous = await browser.newContext();
  const inbox = await anonymous.newPage();
  await inbox.goto(linkIn(normal!, /\/alerts\/unsubscribe\?token=/));
  await inbox.getByRole("button", { name: "Unsubscribe" }).click();
  await expect(inbox.getByRole("status")).toContainText(
    `You will no longer receive “A mailing-list connection needs reconnecting” alerts for ${business.name}.`,
  );
  await anonymous.close();
  await page.goto("/settings/notifications");
  await expect(page.getByLabel("A mailing-list connection needs reconnecting")).not.toBeChecked();
  await expect(page.getByLabel("A sync failed after its retries")).toBeChecked();
});
