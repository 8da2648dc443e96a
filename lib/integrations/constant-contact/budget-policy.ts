// The API key's daily budget, split by policy. Pure: the shared limiter (platform-limiter.ts) enforces these caps
// atomically across processes, the pull schedule (lib/sync/pull-schedule.ts) plans within them.

/**
 * Kept for people waiting on an answer (Choose list, connecting): background work stops when only this much of the
 * day is left, so an owner can still choose a list at 23:00 on a busy day. 5% of a standard key is 500 calls.
 */
export const INTERACTIVE_RESERVE_SHARE = 0.05;
/**
 * The most one business's background work may spend in a day. A full sync of 1,000,000 clients is about 30
 * imports and as many checks, so this never slows a normal business; a runaway one (a loop of edits, an account
 * with a huge unsubscribe scan) waits for tomorrow while the others carry on.
 */
export const BUSINESS_SHARE = 0.05;
const MIN_BUSINESS_SHARE = 100;

export type DailyCaps = {
  /** Every call of the day, interactive included: never more than the key's quota, so `quota_exceeded` cannot happen. */
  all: number;
  /** What background work (push, reconcile, pulls) may use of the day together. */
  background: number;
  /** What one business's background work may use of the day. */
  perBusiness: number;
};

export function dailyCaps(dailyBudget: number): DailyCaps {
  const reserve = Math.ceil(dailyBudget * INTERACTIVE_RESERVE_SHARE);
  return {
    all: dailyBudget,
    background: dailyBudget - reserve,
    perBusiness: Math.min(
      dailyBudget - reserve,
      Math.max(MIN_BUSINESS_SHARE, Math.floor(dailyBudget * BUSINESS_SHARE)),
    ),
  };
}

/** The budget resets with Constant Contact's quota, at 00:00 UTC. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

export function nextUtcMidnight(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() + 1));
}
