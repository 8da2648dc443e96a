import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { useOwnDatabase } from "@/tests/support/own-database";
import { markSynced } from "@/tests/support/client-fixtures";

// The page sums the whole platform: this file has a database of its own.
let database: Awaited<ReturnType<typeof useOwnDatabase>>;
beforeAll(async () => {
  database = await useOwnDatabase("platform");
});
afterAll(() => database.drop());

it("shows today's calls by hour and kind, who spent them, what needs a person, and how fresh the data is", async () => {
  const { db } = await import("@/lib/db");
  const { createTestBusiness, createTestClient } = await import("@/prisma/seed/factories");
  const { platformOverview } = await import("./platform-overview");
  const now = new Date();
  const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
  const hour = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000);

  const busy = (await createTestBusiness(db, { name: "Busy Studio" })).business;
  const broken = (await createTestBusiness(db, { name: "Broken Studio" })).business;
  const deletedId = randomUUID();
  const busyConnection = await db.connection.create({
    data: {
      provider: "CONSTANT_CONTACT",
      businessId: busy.id,
      status: "ACTIVE",
      listId: "list-1",
      listChosenAt: minutesAgo(120),
    },
  });
  await db.connection.create({
    data: {
      provider: "CONSTANT_CONTACT",
      businessId: broken.id,
      status: "NEEDS_RECONNECT",
      lastError: "Constant Contact needs to be reconnected.",
    },
  });
  await db.apiCallLedger.createMany({
    data: [
      { hour, provider: "CONSTANT_CONTACT", kind: "PUSH", businessId: busy.id, calls: 30 },
      { hour, provider: "CONSTANT_CONTACT", kind: "INTERACTIVE", businessId: busy.id, calls: 5 },
      { hour, provider: "CONSTANT_CONTACT", kind: "UNSUBSCRIBE_PULL", businessId: broken.id, calls: 10 },
      // A business deleted since: its calls still count, under no name.
      { hour, provider: "CONSTANT_CONTACT", kind: "RECONCILE", businessId: deletedId, calls: 2 },
      // Another provider's calls are not spent from Constant Contact's daily budget.
      { hour, provider: "MAILCHIMP", kind: "PUSH", businessId: busy.id, calls: 100 },
    ],
  });
  // A change waiting for 10 minutes; a change that reached the list 2 minutes after it was made.
  const waiting = await createTestClient(db, busy.id, { newsOptIn: true, updatedAt: minutesAgo(10) });
  await db.clientSyncPending.update({
    where: { connectionId_clientId: { connectionId: busyConnection.id, clientId: waiting.id } },
    data: { since: minutesAgo(10) },
  });
  const synced = await createTestClient(db, busy.id, { newsOptIn: true, updatedAt: minutesAgo(3) });
  await markSynced(synced.id);
  await db.clientSyncState.create({
    data: {
      connectionId: busyConnection.id,
      clientId: synced.id,
      businessId: busy.id,
      status: "SYNCED",
      lastSentAt: minutesAgo(1),
    },
  });
  // An unsubscribe in Constant Contact 5 minutes before it was applied here.
  const gone = await createTestClient(db, broken.id, { newsOptIn: false });
  await db.$executeRaw`UPDATE "Client" SET "unsubscribedAt" = ${minutesAgo(5)}, "unsubscribeSource" = 'CONSTANT_CONTACT' WHERE id = ${gone.id}::uuid`;
  await db.auditLog.create({
    data: {
      businessId: broken.id,
      actorLabel: "System",
      action: "client.consent_changed",
      targetType: "client",
      targetId: gone.id,
      details: { source: "CONSTANT_CONTACT", from: true, to: false },
    },
  });

  const o = await platformOverview(now);
  expect(o.budget).toMatchObject({
    dailyBudget: 10_000,
    backgroundCap: 9_500,
    usedToday: 47,
    byKind: { PUSH: 30, INTERACTIVE: 5, UNSUBSCRIBE_PULL: 10, RECONCILE: 2 },
  });
  // A quiet day: changes wait only the debounce, and the projection starts from the day's calls so far.
  expect(o.pushPlan).toMatchObject({
    waitMinutes: o.pushPlan?.debounceMinutes,
    backgroundBudget: 9_500,
    target: 8_550,
  });
  expect(o.pushPlan!.projectedCalls).toBeGreaterThanOrEqual(47);
  expect(o.hours.at(-1)).toEqual({ hour, byKind: { PUSH: 30, INTERACTIVE: 5, UNSUBSCRIBE_PULL: 10, RECONCILE: 2 } });
  expect(o.hours.reduce((sum, h) => sum + Object.values(h.byKind).reduce((a, b) => a + b, 0), 0)).toBe(47);
  expect(o.topBusinesses).toEqual([
    { businessId: busy.id, name: "Busy Studio", calls: 35 },
    { businessId: broken.id, name: "Broken Studio", calls: 10 },
    { businessId: deletedId, name: null, calls: 2 },
  ]);
  expect(o.needsAttention).toEqual([
    expect.objectContaining({ businessId: broken.id, status: "NEEDS_RECONNECT", lastError: expect.any(String) }),
  ]);
  expect(o.oldestPendingChange).toMatchObject({ businessId: busy.id, name: "Busy Studio" });
  expect(Math.abs(o.oldestPendingChange!.since.getTime() - minutesAgo(10).getTime())).toBeLessThan(1_000);
  expect(o.changeToListP95.lastHour).toBeCloseTo(120, 0);
  expect(o.changeToListP95.lastDay).toBeCloseTo(120, 0);
  expect(o.unsubscribeStalenessP95.lastHour).toBeGreaterThanOrEqual(299);
  expect(o.unsubscribeStalenessP95.lastHour).toBeLessThan(330);
});
