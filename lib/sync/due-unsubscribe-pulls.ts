import { db } from "../db";
import { pullIntervalMinutes, pullsPerTick } from "./pull-schedule";

/** The connections whose unsubscribe pull is due this tick, least recently pulled first. */
export async function dueUnsubscribePulls(input: { dailyBudget: number; tickMinutes: number }, now = new Date()): Promise<string[]> {
  const active = { status: "ACTIVE" as const, listId: { not: null }, OR: [{ quotaPausedUntil: null }, { quotaPausedUntil: { lte: now } }] };
  const activeConnections = await db.constantContactConnection.count({ where: active });
  if (activeConnections === 0) return [];
  const intervalMinutes = pullIntervalMinutes({ activeConnections, dailyBudget: input.dailyBudget });
  const dueBefore = new Date(now.getTime() - intervalMinutes * 60_000);
  const due = await db.constantContactConnection.findMany({
    where: { AND: [active, { OR: [{ lastUnsubscribePullAt: null }, { lastUnsubscribePullAt: { lte: dueBefore } }] }] },
    orderBy: { lastUnsubscribePullAt: { sort: "asc", nulls: "first" } },
    take: pullsPerTick({ activeConnections, intervalMinutes, tickMinutes: input.tickMinutes }),
    select: { id: true },
  });
  return due.map((c) => c.id);
}
