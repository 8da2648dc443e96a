import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, type Page } from "@playwright/test";

/**
 * Where the e2e server (scripts/e2e-server.ts) put the app, the sandboxes (Constant Contact: sandboxUrl; Mailchimp:
 * mailchimpSandboxUrl), the mail catcher and the throwaway database.
 */
export type Stack = {
  appUrl: string;
  publicUrl: string;
  sandboxUrl: string;
  mailchimpSandboxUrl: string;
  mailUrl: string;
  databaseUrl: string;
};

export function readStack(): Stack {
  const port = process.env.E2E_APP_PORT ?? "3100";
  return JSON.parse(readFileSync(path.join(process.cwd(), ".data", "e2e", `stack-${port}.json`), "utf8")) as Stack;
}

/** The Prisma client of the e2e database, for tests that create their own uniquely named data. */
export async function testDb() {
  process.env.DATABASE_URL = readStack().databaseUrl;
  const { db } = await import("../lib/db");
  return db;
}

export async function login(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByTestId("signed-in-user")).toBeVisible();
}
