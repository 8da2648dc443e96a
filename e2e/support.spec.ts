import { readFileSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { createTestBusiness, TEST_PASSWORD, upsertUser } from "../prisma/seed/factories";
import { login, testDb } from "./fixtures";

const CC_PAGE = "/setup/integrations/constant-contact";
const REASON = "Owner asked us to check their Constant Contact list (ticket 4711)";

async function newSupportUser() {
  const db = await testDb();
  const tag = randomUUID().slice(0, 8);
  return upsertUser(db, {
    email: `support-${tag}@platform.test`,
    name: `Sam Support ${tag}`,
    password: TEST_PASSWORD,
    support: true,
  });
}

/** The owner connects Constant Contact in the sandbox and chooses a list, as in constant-contact-connect.spec.ts. */
async function connectAsOwner(page: Page, ownerEmail: string) {
  await login(page, ownerEmail, TEST_PASSWORD);
  await page.goto(CC_PAGE);
  await page.getByRole("button", { name: "Connect Business" }).click();
  await page.getByLabel("Email").fill("sunrise@cc.test");
  await page.getByLabel("Password").fill("sandbox-password");
  await page.getByRole("button", { name: "Log In" }).click();
  await page.getByRole("button", { name: "Allow" }).click();
  await page.getByRole("button", { name: "Choose list" }).click();
  const dialog = page.getByRole("dialog", { name: "Choose list" });
  await dialog.getByRole("radio", { name: /^Newsletter\b/ }).check();
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("integration-status")).toHaveText("Active: syncing");
  await page.context().clearCookies();
}

async function tokensOf(businessId: string): Promise<string[]> {
  const db = await testDb();
  const { openToken } = await import("../lib/integrations/connections");
  const row = await db.connection.findUniqueOrThrow({
    where: { businessId_provider: { businessId, provider: "CONSTANT_CONTACT" } },
    omit: { accessTokenEnc: false, refreshTokenEnc: false },
  });
  return [row.accessTokenEnc, row.refreshTokenEnc]
    .filter((v): v is string => !!v)
    .map((sealed) => openToken(sealed, row.id));
}

/** The id Next gave a server action in this build (what a browser sends in the Next-Action header). */
function serverActionId(file: string, name: string): string {
  const dist = process.env.NEXT_DIST_DIR || ".next";
  const manifest = JSON.parse(
    readFileSync(path.join(process.cwd(), dist, "server", "server-reference-manifest.json"), "utf8"),
  ) as {
    node: Record<string, { filename: string; exportedName?: string }>;
  };
  const found = Object.entries(manifest.node).find(([, v]) => v.filename === file && v.exportedName === name);
  if (!found) throw new Error(`server action ${file}#${name} not in the build`);
  return found[0];
}

/** Calls a server action the way the browser does, with the page's cookies. */
async function callServerAction(page: Page, pagePath: string, id: string, args: unknown[]) {
  return page.request.post(pagePath, {
    headers: {
      "Next-Action": id,
      Accept: "text/x-component",
      "Content-Type": "text/plain;charset=UTF-8",
      Origin: new URL(page.url()).origin,
    },
    data: JSON.stringify(args),
    maxRedirects: 0,
  });
}

test("support finds a business, logs in as it with a reason, syncs (the connection is read-only), stops; the audit log shows both identities", async ({
  page,
}) => {
  const db = await testDb();
  const tag = randomUUID().slice(0, 8);
  const { business, owner } = await createTestBusiness(db, { name: `Harbor Yoga ${tag}` });
  const support = await newSupportUser();
  await connectAsOwner(page, owner.email);

  // A support user without a business lands in the support console.
  await login(page, support.email, TEST_PASSWORD);
  await expect(page).toHaveURL(/\/support$/);
  await page.getByLabel("Name, slug or owner email").fill(owner.email);
  await page.getByRole("button", { name: "Search" }).click();
  const row = page.getByRole("row").filter({ hasText: business.name });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId("integration-status")).toContainText("Active");
  await expect(row.getByTestId("integration-status")).toContainText("Newsletter");

  // No token in the console's HTML or RSC payload.
  const tokens = await tokensOf(business.id);
  expect(tokens).toHaveLength(2);
  const consoleHtml = (await page.content()) + (await (await page.request.get(page.url())).text());
  for (const token of tokens) expect(consoleHtml).not.toContain(token);

  await row.getByRole("button", { name: "Log in as this business" }).click();
  const dialog = page.getByRole("dialog", { name: `Log in as ${business.name}` });
  // Spaces pass the browser's minlength but not the server's trimmed check.
  await dialog.getByLabel("Reason").fill("    help    ");
  await dialog.getByRole("button", { name: "Log in as business" }).click();
  await expect(dialog.getByRole("alert")).toContainText("at least 10 characters");
  await dialog.getByLabel("Reason").fill(REASON);
  await dialog.getByRole("button", { name: "Log in as business" }).click();

  const banner = page.getByRole("region", { name: "Support impersonation" });
  await expect(banner).toContainText(`Viewing ${business.name} as support: ${support.name}`);
  await expect(banner.getByTestId("impersonation-time-left")).toHaveText(/^(60|59) min left$/);
  await expect(page.getByTestId("business-name")).toHaveText(business.name);

  // Every admin page shows the banner. No token anywhere. The Constant Contact connection is the owner's alone:
  // support sees no Connect, Choose list or Disconnect, is told why, and can still press Sync now.
  await page.goto(CC_PAGE);
  await expect(banner).toBeVisible();
  const ccHtml = (await page.content()) + (await (await page.request.get(CC_PAGE)).text());
  for (const token of tokens) expect(ccHtml).not.toContain(token);
  await expect(page.getByTestId("integration-status")).toHaveText(/^Active/);
  await expect(page.getByTestId("integration-read-only-note")).toHaveText(
    /Read-only for support: only the business owner can connect, choose the list or disconnect/,
  );
  for (const name of ["Connect Business", "Reconnect", "Choose list", `Disconnect ${business.name}`]) {
    await expect(page.getByRole("button", { name })).toHaveCount(0);
  }
  // Not just hidden: the action itself refuses a support user, and the connection stays.
  const disconnect = serverActionId("lib/server-actions/integrations.ts", "disconnectBusiness");
  const forgedDisconnect = await callServerAction(page, CC_PAGE, disconnect, [{ provider: "CONSTANT_CONTACT" }]);
  expect(await forgedDisconnect.text()).toContain("Support cannot change the Constant Contact connection");
  expect(
    await db.connection.findUniqueOrThrow({
      where: { businessId_provider: { businessId: business.id, provider: "CONSTANT_CONTACT" } },
    }),
  ).toMatchObject({
    status: "ACTIVE",
  });
  const syncNow = page.getByRole("button", { name: "Sync now" });
  await expect(syncNow).toBeEnabled({ timeout: 20_000 });
  await syncNow.click();
  await expect(page.getByRole("status").filter({ hasText: "Sync started." })).toBeVisible();

  await page.goto("/audit-log");
  await expect(banner).toBeVisible();
  const log = page.getByTestId("audit-log");
  const synced = log.getByRole("row").filter({ hasText: "Sync now requested" });
  await expect(synced).toContainText(`${support.name} (support) as ${business.name}`);
  await expect(synced).toContainText(`Support user: ${support.name} <${support.email}>`);
  await expect(log.getByRole("row").filter({ hasText: "Constant Contact disconnected" })).toHaveCount(0);
  await expect(log.getByRole("row").filter({ hasText: "Support logged in as the business" })).toContainText(REASON);
  await expect(page.getByText("nobody, support included, can edit or delete them")).toBeVisible();

  await banner.getByRole("button", { name: "Stop" }).click();
  await expect(page).toHaveURL(/\/support$/);
  await expect(page.getByRole("region", { name: "Support impersonation" })).toHaveCount(0);
  // Back in the admin shell without an impersonation: sent to the console again.
  await page.goto("/audit-log");
  await expect(page).toHaveURL(/\/support$/);

  // The console's audit view of the business: all of it, with both identities, filterable.
  await page.goto(`/support/businesses/${business.id}/audit`);
  const entries = page.getByTestId("audit-log").getByRole("row");
  await expect(entries.filter({ hasText: "Support stopped impersonating" })).toContainText(
    `${support.name} (support) as ${business.name}`,
  );
  await expect(entries.filter({ hasText: "Sync now requested" })).toContainText(`Support user: ${support.name}`);
  await expect(entries.filter({ hasText: "Constant Contact connected" })).toContainText(owner.email);
  await expect(entries.filter({ hasText: "Constant Contact connected" })).not.toContainText("Support user");
  await page.getByLabel("What").selectOption({ label: "Support (all)" });
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/action=support\.\*/);
  await expect(entries.filter({ hasText: "Support logged in as the business" })).toHaveCount(1);
  await expect(entries.filter({ hasText: "Support stopped impersonating" })).toHaveCount(1);
  await expect(entries.filter({ hasText: /Constant Contact (dis)?connected|Sync now requested/ })).toHaveCount(0);

  const impersonation = await db.impersonation.findFirstOrThrow({
    where: { supportUserId: support.id, businessId: business.id },
  });
  expect(impersonation.reason).toBe(REASON);
  expect(impersonation.endedAt).not.toBeNull();
});

test("anyone signed in but support gets not found for the console, its pages and its actions", async ({ page }) => {
  const db = await testDb();
  const { business, owner, staff } = await createTestBusiness(db, { name: `Quiet Barre ${randomUUID().slice(0, 8)}` });
  const startImpersonating = serverActionId("lib/server-actions/impersonation.ts", "startImpersonating");

  // Signed out: the login page, like every other page (and back to the console after signing in: sessions.spec.ts).
  await page.goto("/support");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fsupport$/);

  // The request format reaches the action: support gets the action's own validation message back.
  const support = await newSupportUser();
  await login(page, support.email, TEST_PASSWORD);
  const control = await callServerAction(page, "/support", startImpersonating, [
    { businessId: business.id, reason: "short" },
  ]);
  expect(control.status()).toBe(200);
  expect(await control.text()).toContain("at least 10 characters");
  await page.context().clearCookies();

  await login(page, owner.email, TEST_PASSWORD);
  for (const path of ["/support", "/support/audit", "/support/platform", `/support/businesses/${business.id}/audit`]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  }
  await page.goto("/");
  // Forged from the owner's own admin page: only the console's page carries the action, so Next hands the call to
  // it, and the action itself answers not found.
  const forged = await callServerAction(page, "/", startImpersonating, [{ businessId: business.id, reason: REASON }]);
  expect(await forged.text()).toContain("NEXT_HTTP_ERROR_FALLBACK;404");
  expect(await db.impersonation.count({ where: { businessId: business.id } })).toBe(0);
  // The owner's audit log is theirs; a forged impersonation cookie gives nothing.
  await page
    .context()
    .addCookies([{ name: "support_impersonation", value: randomUUID(), url: new URL(page.url()).origin }]);
  await page.goto("/audit-log");
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Support impersonation" })).toHaveCount(0);
  await page.context().clearCookies();

  // Staff: the audit log is for owners.
  await login(page, staff.email, TEST_PASSWORD);
  const staffLog = await page.goto("/audit-log");
  expect(staffLog?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
});

test("an impersonation past its 60 minutes ends by itself: back to the console, expiry audited once", async ({
  page,
}) => {
  const db = await testDb();
  const { business } = await createTestBusiness(db, { name: `Tide Pilates ${randomUUID().slice(0, 8)}` });
  const support = await newSupportUser();
  await login(page, support.email, TEST_PASSWORD);
  await page.getByLabel("Name, slug or owner email").fill(business.slug);
  await page.getByRole("button", { name: "Search" }).click();
  await page
    .getByRole("row")
    .filter({ hasText: business.name })
    .getByRole("button", { name: "Log in as this business" })
    .click();
  const dialog = page.getByRole("dialog", { name: `Log in as ${business.name}` });
  await dialog.getByLabel("Reason").fill(REASON);
  await dialog.getByRole("button", { name: "Log in as business" }).click();
  await expect(page.getByRole("region", { name: "Support impersonation" })).toBeVisible();

  await db.impersonation.updateMany({
    where: { supportUserId: support.id, endedAt: null },
    data: { expiresAt: new Date(Date.now() - 1000) },
  });
  await page.goto("/clients");
  await expect(page).toHaveURL(/\/support$/);
  await page.goto("/clients");
  await expect(page).toHaveURL(/\/support$/);
  await page.goto(`/support/businesses/${business.id}/audit?action=support.impersonation_expired`);
  await expect(
    page.getByTestId("audit-log").getByRole("row").filter({ hasText: "Support impersonation expired" }),
  ).toHaveCount(1);
  expect(await db.auditLog.count({ where: { businessId: business.id, action: "support.impersonation_expired" } })).toBe(
    1,
  );
});
