// `next dev` printed server-action arguments to its log: portal passwords and the one-time set-password token. This
// starts a dev server of its own (port E2E_DEV_LOG_PORT, default 3219) on the e2e database, with its output captured,
// walks staff sign-in and the portal's set-password and sign-in with known secrets, and looks for them in the log.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { loadOrCreateDevSecrets } from "../lib/dev-secrets";
import { createTestBusiness, createTestClient, upsertUser } from "../prisma/seed/factories";
import { readStack, testDb } from "./fixtures";

const DEV_PORT = Number(process.env.E2E_DEV_LOG_PORT ?? 3219);
const DEV_URL = `http://localhost:${DEV_PORT}`;

let devServer: ChildProcess | undefined;
let log = "";

test.describe.configure({ timeout: 240_000 });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  const stack = readStack();
  const secrets = loadOrCreateDevSecrets();
  devServer = spawn(
    process.execPath,
    [path.join(process.cwd(), "node_modules", "next", "dist", "bin", "next"), "dev", "-p", String(DEV_PORT)],
    {
      env: {
        ...process.env,
        NODE_ENV: "development",
        NEXT_TELEMETRY_DISABLED: "1",
        DATABASE_URL: stack.databaseUrl,
        APP_URL: DEV_URL,
        NEXTAUTH_URL: DEV_URL,
        NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? secrets.nextAuthSecret,
        TOKEN_ENCRYPTION_KEY: process.env.TOKEN_ENCRYPTION_KEY ?? secrets.tokenEncryptionKey,
        CC_AUTH_BASE_URL: `${stack.sandboxUrl}/oauth2/default/v1`,
        CC_API_BASE_URL: `${stack.sandboxUrl}/v3`,
      },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true, // its own process group: stopping it stops Next's workers too
    },
  );
  devServer.stdout!.on("data", (chunk: Buffer) => (log += chunk.toString()));
  devServer.stderr!.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (devServer.exitCode !== null) throw new Error(`next dev exited (${devServer.exitCode}):\n${log}`);
    const ready = await fetch(`${DEV_URL}/api/health`, { signal: AbortSignal.timeout(60_000) })
      .then((r) => r.ok)
      .catch(() => false);
    if (ready) return;
    await new Promise((r) => setTimeout(r, 1_000));
  }
  throw new Error(`next dev did not become ready:\n${log}`);
});

test.afterAll(async () => {
  if (!devServer?.pid || devServer.exitCode !== null) return;
  const exited = new Promise((resolve) => devServer!.once("exit", resolve));
  process.kill(-devServer.pid, "SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  if (devServer.exitCode === null) process.kill(-devServer.pid, "SIGKILL");
});

test("the dev server's log holds no password or set-password token after staff and portal sign-ins", async ({
  page,
}) => {
  const db = await testDb();
  const { sha256 } = await import("../lib/crypto");
  const tag = randomUUID().slice(0, 8);
  const staffPassword = `staff-secret-${randomUUID()}`;
  const portalPassword = `portal-secret-${randomUUID()}`;
  const token = `link-secret-${randomUUID().replaceAll("-", "")}`;
  const staff = await upsertUser(db, {
    email: `log-owner-${tag}@example.test`,
    name: `Log Owner ${tag}`,
    password: staffPassword,
  });
  const { business } = await createTestBusiness(db, { name: `Log Studio ${tag}` });
  await db.membership.create({ data: { userId: staff.id, businessId: business.id, role: "OWNER" } });
  const client = await createTestClient(db, business.id, { firstName: "Maya" });
  await db.clientPortalToken.create({
    data: {
      tokenHash: sha256(token),
      clientId: client.id,
      businessId: business.id,
      createdByUserId: staff.id,
      // As an invitation emailed to the client's address leaves it (the link works only for that address).
      sentToEmail: client.emailNormalized,
      expiresAt: new Date(Date.now() + 3_600_000),
    },
  });

  // Staff sign-in, including a wrong password first.
  await page.goto(`${DEV_URL}/login`);
  await page.getByLabel("Email").fill(staff.email);
  await page.getByLabel("Password").fill(`${staffPassword}-wrong`);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.locator("form").getByRole("alert")).toContainText("Wrong email or password.", { timeout: 60_000 });
  await page.getByLabel("Password").fill(staffPassword);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByTestId("signed-in-user")).toBeVisible({ timeout: 60_000 });

  // The portal: set the password with the one-time link, sign out, sign in (a wrong password first).
  await page.goto(`${DEV_URL}/portal/${business.slug}/set-password?token=${token}`);
  await page.getByLabel("New password").fill(portalPassword);
  await page.getByLabel("Repeat the password").fill(portalPassword);
  await page.getByRole("button", { name: "Set password" }).click();
  await expect(page.getByRole("heading", { name: "Hello, Maya" })).toBeVisible({ timeout: 60_000 });
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByLabel("Email").fill(client.email!);
  await page.getByLabel("Password").fill(`${portalPassword}-wrong`);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Wrong email or password.", { timeout: 60_000 });
  await page.getByLabel("Password").fill(portalPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("portal-subscription-state")).toBeVisible();

  // Let the last lines reach the log, then look.
  await new Promise((r) => setTimeout(r, 1_000));
  expect(log).toContain(`/portal/${business.slug}`); // the log was captured (Next logs requests in dev)
  for (const secret of [staffPassword, portalPassword, token]) expect(log).not.toContain(secret);
});
