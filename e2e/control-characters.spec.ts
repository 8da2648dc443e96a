import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { createTestBusiness, createTestClient, TEST_PASSWORD, upsertUser } from "../prisma/seed/factories";
import { login, testDb } from "./fixtures";

// NUL in a search, a cursor or a portal slug used to reach Postgres, which refuses it (error 22021): HTTP 500, or
// "Something went wrong" from the portal's sign-in. Each is now "no match" or the first page.

/** A cursor in the lists' own format whose position holds a NUL. */
const nulCursor = (name: string) =>
  Buffer.from(JSON.stringify([`${name}\u0000`, "x", randomUUID()])).toString("base64url");

async function expectNormalPage(page: Page, path: string, heading: string) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBeLessThan(500);
  await expect(page.getByRole("heading", { name: heading, exact: true }), path).toBeVisible();
}

test("a NUL in the clients search or its cursors shows the list, never a server error", async ({ page }) => {
  const db = await testDb();
  const { business, staff } = await createTestBusiness(db);
  await createTestClient(db, business.id, { firstName: "Nora", lastName: "Nulling" });
  await login(page, staff.email, TEST_PASSWORD);

  for (const path of [
    "/clients?q=%00",
    "/clients?q=%00%01%1F",
    "/clients?after=%00",
    "/clients?before=a%00b",
    `/clients?after=${nulCursor("Nulling")}`,
    `/clients?before=${nulCursor("Nulling")}`,
  ]) {
    await expectNormalPage(page, path, "Clients");
    await expect(page.getByRole("link", { name: "Nulling, Nora" }), path).toBeVisible();
  }
  // The NUL is a word break: every word must match, as with a space.
  await expectNormalPage(page, "/clients?q=no%00nulling", "Clients");
  await expect(page.getByRole("link", { name: "Nulling, Nora" })).toBeVisible();
  await expectNormalPage(page, "/clients?q=zq%00nulling", "Clients");
  await expect(page.getByText("No clients match.")).toBeVisible();
});

test("a NUL in the support console's search or its cursor shows the console, never a server error", async ({
  page,
}) => {
  const db = await testDb();
  const tag = randomUUID().slice(0, 8);
  const support = await upsertUser(db, {
    email: `support-${tag}@platform.test`,
    name: `Nul Support ${tag}`,
    password: TEST_PASSWORD,
    support: true,
  });
  await createTestBusiness(db, { name: `Nul Studio ${tag}` });
  await login(page, support.email, TEST_PASSWORD);
  await expectNormalPage(page, "/support", "Find a business");

  for (const path of [
    "/support?q=%00",
    "/support?q=a%00b",
    "/support?after=%00",
    `/support?after=${nulCursor("Nul")}`,
    `/support?q=${tag}&after=${nulCursor("Nul")}`,
  ]) {
    await expectNormalPage(page, path, "Find a business");
  }
  await expectNormalPage(page, `/support?q=nul%00studio%00${tag}`, "Find a business");
  await expect(page.getByText(`Nul Studio ${tag}`)).toBeVisible();
});

test("the portal with a NUL in its business slug is an unknown portal, and its sign-in says so", async ({ page }) => {
  const db = await testDb();
  const { business } = await createTestBusiness(db);
  const client = await createTestClient(db, business.id);

  for (const path of [
    "/portal/%00",
    `/portal/${business.slug}%00`,
    `/portal/${business.slug}%00/set-password?token=x`,
  ]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
  }

  // The form posts the slug to the sign-in action; the request is rewritten on its way to carry a NUL.
  await page.goto(`/portal/${business.slug}`);
  let rewritten = false;
  await page.route(`**/portal/${business.slug}`, async (route) => {
    const body = route.request().postData();
    if (route.request().method() !== "POST" || !body?.includes(JSON.stringify(business.slug))) return route.continue();
    rewritten = true;
    await route.continue({
      postData: body.replace(JSON.stringify(business.slug), JSON.stringify(`${business.slug}\u0000`)),
    });
  });
  const answer = page.waitForResponse((r) => r.request().method() === "POST");
  await page.getByLabel("Email").fill(client.email!);
  await page.getByLabel("Password").fill("any-portal-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  expect((await answer).status()).toBeLessThan(500);
  expect(rewritten).toBe(true);
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Wrong email or password.");
});
