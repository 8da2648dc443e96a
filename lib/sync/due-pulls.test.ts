import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { UnsubscribePullRequest, unsubscribePullRequested } from "../jobs/events";
import { installLocalDispatcher } from "../jobs/send-event";
import { createTestBusiness } from "../../prisma/seed/factories";
import { inlineStep } from "@/tests/support/inline-step";
import { withOwnDatabase } from "@/tests/support/own-database";
import { currentPullInterval, dueUnsubscribePulls, openPullRun, schedulePullsHandler } from "./pull";

// The scheduler counts every connection of the platform, so it gets a database of its own.
withOwnDatabase();
const budget = process.env.CC_DAILY_CALL_BUDGET;
beforeAll(() => {
  // 200 calls a day, 5 % kept for people waiting, 10 % of the rest the plans' margin: at noon with nothing spent yet
  // (this file's own, empty ledger), 171 calls ÷ 2 per pull = 85.5 pulls left for 4 connections over 720 minutes →
  // every 34 minutes.
  process.env.CC_DAILY_CALL_BUDGET = "200";
});
afterAll(() => {
  process.env.CC_DAILY_CALL_BUDGET = budget;
});
afterEach(async () => {
  installLocalDispatcher(undefined);
  await db.connection.deleteMany({});
});

const NOW = new Date("2026-03-02T12:00:00.000Z");
/** The ids of the connections due at NOW, in the order they are started. */
const dueIds = async (tickMinutes: number) =>
  (await dueUnsubscribePulls({ tickMinutes }, NOW)).map((due) => due.connectionId);
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);

async function connection(input: {
  lastPullMinutesAgo: number | null;
  calls?: number;
  unsubscribesPerDay?: number;
  status?: "ACTIVE" | "NEEDS_RECONNECT";
  pausedUntil?: Date;
}) {
  const { business } = await createTestBusiness(db);
  const row = await db.connection.create({
    data: {
      provider: "CONSTANT_CONTACT",
      businessId: business.id,
      status: input.status ?? "ACTIVE",
      listId: "list-1",
      lastUnsubscribePullAt: input.lastPullMinutesAgo === null ? null : minutesAgo(input.lastPullMinutesAgo),
      lastUnsubscribePullCalls: input.calls ?? 2,
      unsubscribesPerDay: input.unsubscribesPerDay ?? 0,
      quotaPausedUntil: input.pausedUntil ?? null,
    },
  });
  return row.id;
}

describe("the unsubscribe pull schedule", () => {
  it("starts only the pulls that are due, least recently pulled first, a tick's share at a time", async () => {
    const longAgo = await connection({ lastPullMinutesAgo: 100 });
    const never = await connection({ lastPullMinutesAgo: null });
    const fortyMinutes = await connection({ lastPullMinutesAgo: 40 });
    await connection({ lastPullMinutesAgo: 5 }); // pulled just now: not due
    // Not active, or paused for the quota: neither counted nor started.
    await connection({ lastPullMinutesAgo: null, status: "NEEDS_RECONNECT" });
    await connection({ lastPullMinutesAgo: null, pausedUntil: new Date(NOW.getTime() + 60_000) });

    expect(await currentPullInterval("CONSTANT_CONTACT", NOW)).toEqual({ activeConnections: 4, intervalMinutes: 34 });
    // A tick as long as the interval may start every due pull: in order, never first.
    expect(await dueIds(34)).toEqual([never, longAgo, fortyMinutes]);
    // A 5-minute tick starts its share (4 × 5 ÷ 34 → 1): the least recently pulled.
    expect(await dueIds(5)).toEqual([never]);
  });

  it("stretches the interval by what pulls measurably cost, not by a guess", async () => {
    const never = await connection({ lastPullMinutesAgo: null, calls: 10 });
    await connection({ lastPullMinutesAgo: 100, calls: 10 });
    await connection({ lastPullMinutesAgo: 30, calls: 4 });
    await connection({ lastPullMinutesAgo: 5, calls: 16 });
    // Average 10 calls a pull: 171 ÷ 10 = 17.1 pulls left for 4 connections over 720 minutes → every 169 minutes;
    // the one pulled 100 minutes ago waits.
    expect(await currentPullInterval("CONSTANT_CONTACT", NOW)).toEqual({ activeConnections: 4, intervalMinutes: 169 });
    expect(await dueIds(169)).toEqual([never]);
  });

  it("pulls an account with many unsubscribes sooner than quiet ones, by its learned rate", async () => {
    const busy = await connection({ lastPullMinutesAgo: 30, unsubscribesPerDay: 50 });
    await connection({ lastPullMinutesAgo: 40 });
    await connection({ lastPullMinutesAgo: 40 });
    await connection({ lastPullMinutesAgo: 5 });
    // The platform's interval is 34 minutes (above), as many pulls as 4 connections every 34 minutes. By √rate the
    // busy one's is the 15-minute floor, and the quiet ones share the rest: every 59 minutes. So the busy one, pulled
    // 30 minutes ago, is due, and the quiet ones pulled 40 minutes ago (due at an even 34) are not.
    expect(await dueIds(34)).toEqual([busy]);
  });

  it("the scheduler's tick fans out one pull event per due connection, with the last pull it saw", async () => {
    const now = new Date();
    const { business } = await createTestBusiness(db);
    const due = await db.connection.create({
      data: { provider: "CONSTANT_CONTACT", businessId: business.id, status: "ACTIVE", listId: "list-1" },
    });
    const other = await createTestBusiness(db);
    await db.connection.create({
      data: {
        provider: "CONSTANT_CONTACT",
        businessId: other.business.id,
        status: "ACTIVE",
        listId: "list-1",
        lastUnsubscribePullAt: now,
      },
    });
    const sent: unknown[] = [];
    installLocalDispatcher(async (payload) => void sent.push(payload));
    expect(await schedulePullsHandler({ step: inlineStep })).toEqual({ started: 1 });
    expect(sent).toEqual([
      expect.objectContaining({
        name: unsubscribePullRequested.name,
        data: { connectionId: due.id, trigger: "SCHEDULE", seenPullAt: null },
      }),
    ]);
  });

  it("two ticks before the pull runs fan out the same connection with the same last pull (the second pull skips)", async () => {
    const { business } = await createTestBusiness(db);
    const pulledAt = new Date(Date.now() - 2 * 24 * 60 * 60_000);
    const due = await db.connection.create({
      data: {
        provider: "CONSTANT_CONTACT",
        businessId: business.id,
        status: "ACTIVE",
        listId: "list-1",
        lastUnsubscribePullAt: pulledAt,
      },
    });
    const sent: { name: string; data: unknown }[] = [];
    installLocalDispatcher(async (payload) => void sent.push(payload as { name: string; data: unknown }));
    await schedulePullsHandler({ step: inlineStep });
    await schedulePullsHandler({ step: inlineStep });
    const pulls = sent.filter((e) => e.name === unsubscribePullRequested.name).map((e) => e.data);
    const seen = { connectionId: due.id, trigger: "SCHEDULE", seenPullAt: pulledAt.toISOString() };
    expect(pulls).toEqual([seen, seen]);
    // The first pull to run moves lastUnsubscribePullAt; the other then differs from what it saw (pull.test.ts).
    await db.connection.update({ where: { id: due.id }, data: { lastUnsubscribePullAt: new Date() } });
    expect(await openPullRun(UnsubscribePullRequest.parse(pulls[1]))).toEqual({
      skipped: "pulled since it was scheduled",
    });
  });
});
