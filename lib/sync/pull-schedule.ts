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
/**
 * A scheduled pull reads bounces at most this often (Sync now always does): campaigns go out a few times a month, and
 * looking for them costs a pull a call of the shared budget.
 */
export const BOUNCE_PULL_INTERVAL_MINUTES = 6 * 60;
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

/**
 * What the schedule knows of one connection. Times are in minutes on any clock (the scheduler uses epoch minutes,
 * the day simulation its own).
 */
export type PullCandidate<Id> = {
  id: Id;
  lastPullAt: number | null;
  /** Its account's unsubscribes a day as its pulls found them (nextUnsubscribeRate). */
  unsubscribesPerDay: number;
  /** What its last pull cost. */
  callsPerPull: number;
};

/** Every connection is pulled at least once a day, however few unsubscribes its account has. */
export const LONGEST_PULL_INTERVAL_MINUTES = DAY_MINUTES;
/**
 * What a connection is assumed to have before its pulls have found any: about one unsubscribe a month, so a new or
 * quiet account still gets its share of pulls (and its daily one).
 */
const PRIOR_UNSUBSCRIBES_PER_DAY = 0.03;
/** The rate is a running average whose weight halves in about two days: a campaign's burst fades, a trend stays. */
const RATE_MEMORY_MINUTES = 3 * DAY_MINUTES;

/**
 * The rate after a pull that found `found` unsubscribes newer than the last one's, `sinceLastPullMinutes` after it:
 * an exponential average over time, so a pull an hour after the last moves it a little and one a day after, more.
 */
export function nextUnsubscribeRate(input: { previous: number; found: number; sinceLastPullMinutes: number }): number {
  const minutes = Math.max(1, input.sinceLastPullMinutes);
  const weight = 1 - Math.exp(-minutes / RATE_MEMORY_MINUTES);
  const observed = (input.found / minutes) * DAY_MINUTES;
  return input.previous + weight * (observed - input.previous);
}

/**
 * Each connection's own pull interval around the platform's `intervalMinutes` (pullIntervalForDay), so that the
 * same number of pulls a day goes where unsubscribes are: an interval shorter by the square root of its account's
 * unsubscribe rate over its pull's cost. Of the ways to spend a fixed number of pulls, the square-root rule is the
 * one that keeps the unsubscribes waiting least on average (the classic result for polling sources that change at
 * different rates): a list of 100,000 with 100 unsubscribes a day is pulled every hour or two, a studio of 50 with
 * one a month once a day, where an even interval would pull both every ten hours. Never longer than a day, never
 * shorter than MIN_PULL_INTERVAL_MINUTES; with budget to spare (the platform's interval at that floor) every
 * connection is pulled at the floor. `weighted: false` (a provider whose pulls are only a webhook's fallback)
 * gives every connection the platform's interval.
 */
export function connectionPullIntervals<Id>(
  candidates: PullCandidate<Id>[],
  input: { intervalMinutes: number; weighted: boolean },
): Map<Id, number> {
  const weights = candidates.map((c) =>
    input.weighted ? Math.sqrt((c.unsubscribesPerDay + PRIOR_UNSUBSCRIBES_PER_DAY) / Math.max(1, c.callsPerPull)) : 1,
  );
  const clamp = (minutes: number) =>
    Math.min(LONGEST_PULL_INTERVAL_MINUTES, Math.max(MIN_PULL_INTERVAL_MINUTES, minutes));
  // The scale whose intervals make as many pulls a day as the platform's interval does for everyone: the pulls a
  // connection cannot take (the 15-minute floor) go to the others, so with budget to spare (the interval at the
  // floor) every connection is pulled at the floor, and only a short budget is spent by rate.
  const pullsAt = (scale: number) => weights.reduce((sum, w) => sum + 1 / clamp(scale / w), 0);
  const wanted = candidates.length / clamp(input.intervalMinutes);
  let low = 0;
  let high = LONGEST_PULL_INTERVAL_MINUTES * Math.max(...weights, 1);
  for (let i = 0; i < 50; i++) {
    const mid = (low + high) / 2;
    if (pullsAt(mid) > wanted) low = mid;
    else high = mid;
  }
  return new Map(candidates.map((c, i) => [c.id, clamp(high / weights[i]!)]));
}

/**
 * The pulls one scheduler tick starts at minute `now`: the connections past their own interval, the most overdue
 * (the longest past it, relative to it) first, never-pulled ones before all, at most pullsPerTick of them.
 */
export function duePulls<Id>(
  candidates: PullCandidate<Id>[],
  input: { now: number; intervalMinutes: number; tickMinutes: number; weighted: boolean },
): Id[] {
  const intervals = connectionPullIntervals(candidates, input);
  const overdue = (c: PullCandidate<Id>) =>
    c.lastPullAt === null ? Infinity : (input.now - c.lastPullAt) / intervals.get(c.id)!;
  return candidates
    .map((c) => ({ id: c.id, overdue: overdue(c) }))
    .filter((c) => c.overdue >= 1)
    .sort((a, b) => b.overdue - a.overdue)
    .slice(
      0,
      pullsPerTick({
        activeConnections: candidates.length,
        intervalMinutes: input.intervalMinutes,
        tickMinutes: input.tickMinutes,
      }),
    )
    .map((c) => c.id);
}
