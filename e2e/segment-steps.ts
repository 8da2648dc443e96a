// The Constant Contact side of the segment tests, shared by the browser tests: the sandbox's control API,
// a sandbox account of the test's own, a contact as Constant Contact holds it, and the owner's steps on the
// Constant Contact page (connect and sync, send Groups or not).
import { randomUUID } from "node:crypto";
import { expect, type Page } from "@playwright/test";
import { chooseList, connectAtConstantContact, PAGE } from "./constant-contact-steps";
import { readStack } from "./fixtures";

/** A call to the sandbox's control API: GET without a body, POST with one. */
export async function sandboxControl(path: string, body?: unknown) {
  const response = await fetch(`${readStack().sandboxUrl}/__control${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`sandbox ${path}: ${response.status}`);
  return response.json();
}

export type CcContact = { email: string; custom_fields: Record<string, string>; tags: string[] };

/** A sandbox account of the test's own with one list, "Newsletter"; answers its login email. */
export async function seedNewsletterAccount(organizationName: string): Promise<string> {
  const accountEmail = `e2e-${randomUUID().slice(0, 8)}@cc.test`;
  await sandboxControl("/seed", {
    account: { email: accountEmail, password: "sandbox-password", organizationName },
    lists: [{ name: "Newsletter" }],
  });
  return accountEmail;
}

/** The account's contact with this email, as Constant Contact holds it (undefined until the sync has made it). */
export async function ccContact(accountEmail: string, email: string): Promise<CcContact | undefined> {
  const path = `/accounts/${encodeURIComponent(accountEmail)}/contacts?email=${encodeURIComponent(email)}`;
  return (await sandboxControl(path)).contacts[0];
}

/** On the Constant Contact page: connect the account, choose Newsletter, and wait until `email` is in it. */
export async function connectAndSync(page: Page, accountEmail: string, email: string) {
  await page.goto(PAGE);
  await connectAtConstantContact(page, "Allow", accountEmail);
  await chooseList(page, "Newsletter");
  await expect.poll(async () => (await ccContact(accountEmail, email))?.email, { timeout: 60_000 }).toBe(email);
}

/** The owner's choice on the Constant Contact page: send Groups (or not), saved. */
export async function sendGroups(page: Page, on: boolean) {
  await page.goto(PAGE);
  const segments = page.getByTestId("integration-segment-fields");
  await segments.getByRole("checkbox", { name: /^Groups/ }).setChecked(on);
  await segments.getByRole("button", { name: "Save" }).click();
  await expect(segments.getByRole("status")).toContainText("Saved");
}
