// Data and checks for the browser tests of what owners see: a connection and runs written straight into the
// database (no Constant Contact needed to look at a page in a given state), and axe's verdict on a page.
import { createHash, randomUUID } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";
import { hashPassword } from "../lib/auth/password";
import type { Db } from "../lib/db";
import type { ConnectionStatus, SyncRunStatus } from "../lib/generated/prisma/client";

/** A connection in a given state, as the integration page would find it after connecting (no tokens needed to look). */
export async function createTestConnection(db: Db, businessId: string, status: ConnectionStatus = "ACTIVE") {
  return db.connection.create({
    data: {
      provider: "CONSTANT_CONTACT",
      businessId,
      status,
      accountId: randomUUID(),
      accountName: "Studio Marketing",
      ...(status === "NEEDS_LIST" ? {} : { listId: randomUUID(), listName: "Newsletter", listChosenAt: new Date() }),
      connectedAt: new Date(Date.now() - 86_400_000),
      lastSyncedAt: new Date(Date.now() - 2 * 3_600_000),
      lastUnsubscribePullAt: new Date(Date.now() - 60_000),
    },
  });
}

/** A finished run of the connection's business. */
export async function createTestRun(
  db: Db,
  connection: { id: string; businessId: string },
  run: {
    status: SyncRunStatus;
    error?: string | null;
    sent?: number;
    added?: number;
    updated?: number;
    failed?: number;
    minutesAgo?: number;
    kind?: "FULL" | "DELTA";
  },
) {
  const startedAt = new Date(Date.now() - (run.minutesAgo ?? 10) * 60_000);
  return db.syncRun.create({
    data: {
      businessId: connection.businessId,
      connectionId: connection.id,
      kind: run.kind ?? "DELTA",
      trigger: "CLIENT_CHANGE",
      status: run.status,
      error: run.error ?? null,
      sent: run.sent ?? 0,
      added: run.added ?? 0,
      updated: run.updated ?? 0,
      failed: run.failed ?? 0,
      apiCalls: 3,
      phase: run.status === "RUNNING" ? "sending" : "done",
      startedAt,
      finishedAt: run.status === "RUNNING" ? null : new Date(startedAt.getTime() + 42_000),
    },
  });
}

/**
 * A client's Client Portal password (what setting it through the portal stores) and a live set-password token, as
 * an invitation emailed to the client's current address leaves it (e2e/mail.spec.ts covers the email itself).
 */
export async function portalAccess(
  db: Db,
  client: { id: string; businessId: string; emailNormalized: string | null },
  password: string,
) {
  await db.client.update({ where: { id: client.id }, data: { portalPasswordHash: await hashPassword(password) } });
  const token = randomUUID();
  await db.clientPortalToken.create({
    data: {
      tokenHash: createHash("sha256").update(token).digest("hex"),
      clientId: client.id,
      businessId: client.businessId,
      sentToEmail: client.emailNormalized,
      expiresAt: new Date(Date.now() + 3_600_000),
    },
  });
  return { token };
}

/** axe on the page as it is now: no serious or critical violation (WCAG 2.x A and AA, and axe's best practices). */
export async function expectAccessible(page: Page, state: string) {
  // Next streams a page's metadata: after router.refresh() the content can be on screen a moment before the <title>
  // is back. axe judges the settled page, and a page that never gets its title still fails here.
  await expect(page, `title on ${state}`).toHaveTitle(/\S/);
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"])
    .analyze();
  const serious = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.target.join(" "))
          .slice(0, 5)
          .join(", ")}`,
    );
  // Soft: one run reports every page and state that fails, not only the first.
  expect.soft(serious, `axe on ${state}`).toEqual([]);
}
