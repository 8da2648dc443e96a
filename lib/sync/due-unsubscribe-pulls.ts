import { callsToday } from "../constant-contact/call-ledger";
import { db } from "../db";
import { jobsEnv } from "../env";
import { pullIntervalForDay, pullsPerTick } from "./pull-schedule";

const ACTIVE = (now: Date) => ({
  status: "ACTIVE" as const,
  listId: { not: null },
  OR: [{ quotaPausedUntil: null }, { quotaPausedUntil: { lte: now } }],
});

/**
 * The platform's unsubscribe-pull interval right now: from the number of active connections and what their last
 * pulls actually cost (an account with many unsubscribed contacts needs more pages), against what is left of the
 * day's budget (CC_DAILY_CALL_BUDGET) by the ledger of calls made today.
 */
export async function currentPullInterval(
  now = new Date(),
): Promise<{ activeConnections: number; intervalMinutes: number }> {
  const stats = await db.constantContactConnection.aggregate({
    where: ACTIVE(now),
    _count: { _all: true },
    _avg: { lastUnsubscribePullCalls: true },
  });
  const activeConnections = stats._count._all;
  const callsPerPull = stats._avg.lastUnsubscribePullCalls ?? undefined;
  const dailyBudget = jobsEnv().CC_DAILY_CALL_BUDGET;
  const today = await callsToday(db, now);
  const minutesIntoDay = (now.getTime() - Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())) / 60_000;
  const intervalMinutes = pullIntervalForDay({
    activeConnections,
    dailyBudget,
    callsPerPull,
    usedToday: today.total,
    pushUsedToday: (today.byKind.PUSH ?? 0) + (today.byKind.RECONCILE ?? 0),
    minutesIntoDay,
  });
  return { activeConnections, intervalMinutes };
}

/** The connections whose unsubscribe pull is due this tick, least recently pulled first. */
export async function dueUnsubscribePulls(input: { tickMinutes: number }, now = new Date()): Promise<string[]> {
  const { activeConnections, intervalMinutes } = await currentPullInterval(now);
  if (activeConnections === 0) return [];
  const dueBefore = new Date(now.getTime() - intervalMinutes * 60_000);
  const due = await db.constantContactConnection.findMany({
    where: {
      AND: [ACTIVE(now), { OR: [{ lastUnsubscribePullAt: null }, { lastUnsubscribePullAt: { lte: dueBefore } }] }],
    },
    orderBy: { lastUnsubscribePullAt: { sort: "asc", nulls: "first" } },
    take: pullsPerTick({ activeConnections, intervalMinutes, tickMinutes: input.tickMinutes }),
    select: { id: true },
  });
  return due.map((c) => c.id);
}

/**
 * Whether a scheduled pull is still due when it is about to run: two scheduler ticks (two app processes in local
 * mode, or a tick retried by the engine) may fan out the same connection, and the pull that runs second then
 * finds it pulled already.
 */
export async function isPullStillDue(
  connection: { lastUnsubscribePullAt: Date | null },
  now = new Date(),
): Promise<boolean> {
  if (!connection.lastUnsubscribePullAt) return true;
  const { intervalMinutes } = await currentPullInterval(now);
  return connection.lastUnsubscribePullAt.getTime() <= now.getTime() - intervalMinutes * 60_000;
}
