import { describe, expect, it } from "vitest";
import { dailyCaps } from "../integrations/constant-contact/budget-policy";
import { DEFAULT_CALLS_PER_PULL, pullIntervalForDay, pullsPerTick } from "./pull-schedule";
import { planPushWait, remainingWaitMs, type PushPlan } from "./push-plan";

const STANDARD_KEY = 10_000;
const day = { dailyBudget: STANDARD_KEY, debounceMinutes: 1 };

describe("push plan", () => {
  it("is the debounce on a quiet day", () => {
    const plan = planPushWait({ ...day, usedToday: 800, minutesIntoDay: 600, changers: [0, 5, 30] });
    expect(plan.waitMinutes).toBe(1);
    expect(plan.projectedCalls).toBeLessThan(plan.target);
  });

  it("stretches the wait when the day's projection would not fit, and fits it", () => {
    // Noon, 5,000 used: 500 connections pushed within the last hour, all of them within the last 3 hours.
    const changers = Array.from({ length: 500 }, (_, i) => (i % 3) * 60 + (i % 60));
    const plan = planPushWait({ ...day, usedToday: 5_000, minutesIntoDay: 720, changers });
    expect(plan.waitMinutes).toBeGreaterThan(60);
    expect(plan.projectedCalls).toBeLessThanOrEqual(plan.target);
    expect(plan.target).toBe(Math.floor(dailyCaps(STANDARD_KEY).background * 0.9));
    // A busier afternoon with less left waits longer.
    const later = planPushWait({ ...day, usedToday: 7_000, minutesIntoDay: 900, changers });
    expect(later.waitMinutes).toBeGreaterThan(plan.waitMinutes);
  });

  it("keeps changes for the new day's budget only when even the margin is spent, and never waits past midnight", () => {
    const changers = Array.from({ length: 2_000 }, () => 0);
    const spent = planPushWait({ ...day, usedToday: 8_400, minutesIntoDay: 1_400, changers });
    expect(spent.waitMinutes).toBe(24 * 60);
    // 23:20: the wait ends at midnight, 40 minutes from now, whenever the connection last pushed.
    expect(remainingWaitMs({ plan: spent, sinceLastPushMinutes: 10, minutesIntoDay: 1_400 })).toBe(40 * 60_000);
    // A smaller burst with the margin left is sent tonight.
    const margin = planPushWait({ ...day, usedToday: 8_000, minutesIntoDay: 1_400, changers: changers.slice(0, 500) });
    expect(margin.waitMinutes).toBeLessThan(24 * 60);
    expect(margin.projectedCalls).toBeGreaterThan(margin.target);
    expect(margin.projectedCalls).toBeLessThanOrEqual(margin.backgroundBudget);
  });

  it("sleeps only what is left of the wait since the connection's last push run", () => {
    const plan = { waitMinutes: 60, debounceMinutes: 1 };
    expect(remainingWaitMs({ plan, sinceLastPushMinutes: 10, minutesIntoDay: 600 })).toBe(50 * 60_000);
    expect(remainingWaitMs({ plan, sinceLastPushMinutes: 90, minutesIntoDay: 600 })).toBe(0);
    expect(remainingWaitMs({ plan, sinceLastPushMinutes: null, minutesIntoDay: 600 })).toBe(0);
    expect(remainingWaitMs({ plan: { ...plan, waitMinutes: 1 }, sinceLastPushMinutes: 0, minutesIntoDay: 600 })).toBe(
      0,
    );
  });
});

/** A deterministic random source, so the simulated day is the same in every run. */
function randomSource(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Business = {
  editsPerHour: (minute: number) => number;
  pendingSince: number | null;
  lastPushAt: number | null;
  lastPullAt: number | null;
};

/**
 * A day of the platform, minute by minute, with a fake clock: businesses edit at their own rates, a push run starts
 * when a connection's debounce is over and the plan's wait since its last run has passed (remainingWaitMs, as the
 * push job sleeps it), pulls follow pull-schedule.ts. Every push costs `callsPerPush`; a call past the background
 * budget is refused (what would make a business wait for midnight).
 */
function simulateDay(businesses: Business[], options: { callsPerPush: number; seed: number }) {
  const random = randomSource(options.seed);
  const background = dailyCaps(STANDARD_KEY).background;
  let used = 0;
  let pullUsed = 0;
  let refused = 0;
  let plan: PushPlan | null = null;
  const waits = new Set<number>();
  let longestWaitMinutes = 0;
  for (let minute = 0; minute < 24 * 60; minute++) {
    if (minute % 5 === 0) {
      const changers = businesses.flatMap((b) =>
        b.pendingSince !== null ? [0] : b.lastPushAt !== null ? [minute - b.lastPushAt] : [],
      );
      plan = planPushWait({
        ...day,
        usedToday: used,
        minutesIntoDay: minute,
        callsPerPush: options.callsPerPush,
        changers,
      });
      waits.add(plan.waitMinutes);
      const interval = pullIntervalForDay({
        activeConnections: businesses.length,
        dailyBudget: STANDARD_KEY,
        usedToday: used,
        pushUsedToday: used - pullUsed,
        minutesIntoDay: minute,
      });
      // The scheduler's tick (pull.ts): the due connections, least recently pulled first, at most pullsPerTick.
      const due = businesses
        .filter((b) => b.lastPullAt === null || b.lastPullAt <= minute - interval)
        .sort((a, b) => (a.lastPullAt ?? -1) - (b.lastPullAt ?? -1))
        .slice(0, pullsPerTick({ activeConnections: businesses.length, intervalMinutes: interval, tickMinutes: 5 }));
      for (const b of due) {
        if (used + DEFAULT_CALLS_PER_PULL > background) {
          refused += DEFAULT_CALLS_PER_PULL;
          continue;
        }
        used += DEFAULT_CALLS_PER_PULL;
        pullUsed += DEFAULT_CALLS_PER_PULL;
        b.lastPullAt = minute;
      }
    }
    for (const b of businesses) {
      if (b.pendingSince === null && random() < b.editsPerHour(minute) / 60) b.pendingSince = minute;
      if (b.pendingSince === null || minute < b.pendingSince + day.debounceMinutes) continue;
      const since = b.lastPushAt === null ? null : minute - b.lastPushAt;
      if (remainingWaitMs({ plan: plan!, sinceLastPushMinutes: since, minutesIntoDay: minute }) > 0) continue;
      if (used + options.callsPerPush > background) {
        refused += options.callsPerPush;
        continue;
      }
      used += options.callsPerPush;
      longestWaitMinutes = Math.max(longestWaitMinutes, minute - b.pendingSince);
      b.lastPushAt = minute;
      b.pendingSince = null;
    }
  }
  return { used, pullUsed, refused, background, waits, longestWaitMinutes };
}

const businessesOf = (count: number, editsPerHour: (minute: number) => number): Business[] =>
  Array.from({ length: count }, () => ({ editsPerHour, pendingSince: null, lastPushAt: null, lastPullAt: null }));

describe("a simulated day of the push plan", () => {
  it("keeps a busy day with a late burst of edits under the background budget, with no refused call", () => {
    const lateBurst = (minute: number) => (minute >= 20 * 60 && minute < 22 * 60 ? 6 : 0.2);
    const businesses = [
      ...businessesOf(650, () => 0.05), // small studios: an edit every 20 hours
      ...businessesOf(250, () => 0.3),
      ...businessesOf(50, () => 4), // large ones edit all day
      ...businessesOf(50, lateBurst), // an evening import of new clients
    ];
    const day = simulateDay(businesses, { callsPerPush: 2, seed: 7 });
    expect(day.refused).toBe(0);
    expect(day.used).toBeLessThanOrEqual(day.background);
    // The plan did batch (the demand at the debounce is far over the budget), and pulls kept their share.
    expect(Math.max(...day.waits)).toBeGreaterThan(60);
    expect(day.pullUsed).toBeGreaterThan(day.background * 0.25);
  });

  it("waits only the debounce on a quiet day", () => {
    const day = simulateDay(
      businessesOf(100, () => 0.2),
      { callsPerPush: 2, seed: 11 },
    );
    expect([...day.waits]).toEqual([1]);
    expect(day.refused).toBe(0);
    expect(day.longestWaitMinutes).toBeLessThanOrEqual(1);
  });
});
