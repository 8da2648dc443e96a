import { dailyCaps } from "../integrations/constant-contact/budget-policy";

/**
 * How often each connection's unsubscribes can be pulled without spending the platform's Constant Contact
 * budget (the quota belongs to the API key: every business shares it).
 *
 *   interval = max(MIN, connections × callsPerPull ÷ (dailyBudget × pullShare) × 1 day)
 *
 * Standard key, 10,000 calls/day, half kept for pushes: 50 connections × 2 calls → every 29 minutes (floor 15);
 * 1,000 connections → every 9.6 hours. Partner key, 250,000/day: 5,000 connections × 2 calls → every 116 minutes.
 * The steady state, for planning (the frontier of `npm run bench:platform`); the scheduler uses pullIntervalForDay
 * below, from the day's ledger. The schedule stretches as the platform grows instead of running into `quota_exceeded`. `callsPerPull` is the
 * platform's average cost of its last pulls (due-unsubscribe-pulls.ts), so accounts with many unsubscribed
 * contacts stretch it too.
 */
export const MIN_PULL_INTERVAL_MINUTES = 15;
export const PULL_SHARE_OF_BUDGET = 0.5;
export const DEFAULT_CALLS_PER_PULL = 2;

export function pullIntervalMinutes(input: {
  activeConnections: number;
  dailyBudget: number;
  callsPerPull?: number;
  pullShare?: number;
}): number {
  const callsPerDay = Math.max(1, input.activeConnections) * (input.callsPerPull ?? DEFAULT_CALLS_PER_PULL);
  const budget = input.dailyBudget * (input.pullShare ?? PULL_SHARE_OF_BUDGET);
  return Math.max(MIN_PULL_INTERVAL_MINUTES, Math.ceil((callsPerDay / budget) * 24 * 60));
}

const DAY_MINUTES = 24 * 60;

export type DayUsage = {
  /** Calls of the API key today (UTC) so far, every kind, from the ledger. */
  usedToday: number;
  /** Of those, the pushes: people's changes, which keep coming at their pace for the rest of the day. */
  pushUsedToday: number;
  minutesIntoDay: number;
};

/**
 * The interval from what the day has actually used and what is left (the ledger), not a fixed share: the pulls
 * get what background work may still spend today by plan (budget-policy.ts: the interactive reserve and the plans'
 * margin are never planned),
 * minus room for pushes at today's pace so far, spread over the minutes left. A quiet day pulls more often than
 * the fixed formula above; a busy one stretches; a day with nothing left pulls again tomorrow.
 */
export function pullIntervalForDay(
  input: { activeConnections: number; dailyBudget: number; callsPerPull?: number } & DayUsage,
): number {
  const minutesLeft = Math.max(1, DAY_MINUTES - input.minutesIntoDay);
  const pushRestOfDay = (input.pushUsedToday / Math.max(60, input.minutesIntoDay)) * minutesLeft;
  const forPulls = dailyCaps(input.dailyBudget).planned - input.usedToday - pushRestOfDay;
  // A connection is due when its last pull is older than the interval: a day keeps every one waiting for midnight.
  if (forPulls <= 0) return DAY_MINUTES;
  const pullsLeft = forPulls / (input.callsPerPull ?? DEFAULT_CALLS_PER_PULL);
  return Math.max(
    MIN_PULL_INTERVAL_MINUTES,
    Math.ceil((Math.max(1, input.activeConnections) * minutesLeft) / pullsLeft),
  );
}

/** How many connections one scheduler tick may start, so pulls spread evenly over the interval. */
export function pullsPerTick(input: {
  activeConnections: number;
  intervalMinutes: number;
  tickMinutes: number;
}): number {
  return Math.max(1, Math.ceil((input.activeConnections * input.tickMinutes) / input.intervalMinutes));
}
