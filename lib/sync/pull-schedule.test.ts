import { describe, expect, it } from "vitest";
import {
  connectionPullIntervals,
  duePulls,
  LONGEST_PULL_INTERVAL_MINUTES,
  nextUnsubscribeRate,
  pullIntervalForDay,
  pullIntervalMinutes,
  pullsPerTick,
} from "./pull-schedule";

describe("unsubscribe pull schedule", () => {
  it("pulls a small platform every 15 minutes", () => {
    expect(pullIntervalMinutes({ activeConnections: 10, dailyBudget: 10_000 })).toBe(15);
  });

  it("stretches the interval so the day's pulls fit half the budget", () => {
    expect(pullIntervalMinutes({ activeConnections: 50, dailyBudget: 10_000 })).toBe(29);
    const interval = pullIntervalMinutes({ activeConnections: 5_000, dailyBudget: 250_000 });
    expect(interval).toBe(116);
    // The total calls a day stay inside the pull share of the budget.
    expect(((24 * 60) / interval) * 5_000 * 2).toBeLessThanOrEqual(125_000);
  });

  it("spreads connections over the ticks of one interval", () => {
    expect(pullsPerTick({ activeConnections: 5_000, intervalMinutes: 116, tickMinutes: 5 })).toBe(216);
    expect(pullsPerTick({ activeConnections: 3, intervalMinutes: 15, tickMinutes: 5 })).toBe(1);
  });

  it("plans from what the day has used and what is left, keeping room for today's pace of pushes", () => {
    const day = { activeConnections: 1_000, dailyBudget: 10_000, callsPerPull: 2 };
    // Midnight, nothing used: 9,500 background calls (500 kept for owners), 8,550 of them planned (the rest is the
    // plans' margin) → 4,275 pulls over 1,440 minutes.
    expect(pullIntervalForDay({ ...day, usedToday: 0, pushUsedToday: 0, minutesIntoDay: 0 })).toBe(337);
    // Noon, 6,000 used of which 2,000 by pushes: 2,000 more pushes expected, 550 calls left for 720 minutes.
    const busy = pullIntervalForDay({ ...day, usedToday: 6_000, pushUsedToday: 2_000, minutesIntoDay: 720 });
    expect(busy).toBe(2_619);
    // Noon of a quiet day: the same connections are pulled far more often.
    expect(pullIntervalForDay({ ...day, usedToday: 1_000, pushUsedToday: 100, minutesIntoDay: 720 })).toBeLessThan(
      busy / 4,
    );
    // Nothing left for background work: no connection is due before tomorrow's plan, never into the reserve.
    expect(pullIntervalForDay({ ...day, usedToday: 9_500, pushUsedToday: 3_000, minutesIntoDay: 1_380 })).toBe(1_440);
  });

  it("never plans below the floor on a small platform", () => {
    expect(
      pullIntervalForDay({
        activeConnections: 10,
        dailyBudget: 10_000,
        usedToday: 0,
        pushUsedToday: 0,
        minutesIntoDay: 600,
      }),
    ).toBe(15);
  });
});

describe("each connection's own pull interval", () => {
  const candidate = (id: string, unsubscribesPerDay: number, lastPullAt: number | null, callsPerPull = 1) => ({
    id,
    unsubscribesPerDay,
    lastPullAt,
    callsPerPull,
  });

  it("pulls where the unsubscribes are, by the square root of the rate over the pull's cost, within a day", () => {
    const big = candidate("big", 100, 0);
    const small = candidate("small", 0.03, 0);
    const costly = candidate("costly", 100, 0, 16);
    const intervals = connectionPullIntervals([big, small, costly], { intervalMinutes: 600, weighted: true });
    // The same pulls a day as at an even 600 minutes, spent by √rate: big every ~4 h, costly 4× less often (√16),
    // small once a day (the cap).
    const pullsADay = [...intervals.values()].reduce((sum, minutes) => sum + 1_440 / minutes, 0);
    expect(pullsADay).toBeCloseTo((3 * 1_440) / 600);
    expect(intervals.get("big")).toBeLessThan(300);
    expect(intervals.get("costly")! / intervals.get("big")!).toBeCloseTo(4);
    expect(intervals.get("small")).toBe(LONGEST_PULL_INTERVAL_MINUTES);
    // A fallback pull (webhooks report the rest) is even.
    const even = connectionPullIntervals([big, small], { intervalMinutes: 60, weighted: false });
    for (const interval of even.values()) expect(interval).toBeCloseTo(60);
    // With budget to spare (the platform's interval at the 15-minute floor), everyone at the floor, rate or not.
    const spare = connectionPullIntervals([big, small, costly], { intervalMinutes: 15, weighted: true });
    for (const interval of spare.values()) expect(interval).toBeCloseTo(15);
  });

  it("starts the most overdue first, never-pulled ones before all, a tick's share at a time", () => {
    const candidates = [
      candidate("small-overdue", 0.03, 0), // once a day: 1,500 minutes ago is overdue by 1.04
      candidate("big-recent", 100, 1_440), // pulled 60 minutes ago
      candidate("big-overdue", 100, 800), // 700 minutes ago, twice its interval (~320)
      candidate("never", 1, null),
    ];
    const due = duePulls(candidates, { now: 1_500, intervalMinutes: 600, tickMinutes: 600, weighted: true });
    expect(due.slice(0, 3)).toEqual(["never", "big-overdue", "small-overdue"]);
    expect(due).not.toContain("big-recent");
    // A 5-minute tick starts its share: 4 connections × 5 ÷ 600 → 1.
    expect(duePulls(candidates, { now: 1_500, intervalMinutes: 600, tickMinutes: 5, weighted: true })).toEqual([
      "never",
    ]);
  });

  it("learns an account's unsubscribe rate from what its pulls find, fading over days", () => {
    // Ten a day found every hour for a week from nothing: close to ten.
    let rate = 0;
    for (let hour = 0; hour < 7 * 24; hour++)
      rate = nextUnsubscribeRate({ previous: rate, found: 10 / 24, sinceLastPullMinutes: 60 });
    expect(rate).toBeGreaterThan(8.5);
    expect(rate).toBeLessThan(10);
    // One pull after a quiet day moves it down by about a third of the way, not to nothing.
    const after = nextUnsubscribeRate({ previous: 10, found: 0, sinceLastPullMinutes: 1_440 });
    expect(after).toBeGreaterThan(6);
    expect(after).toBeLessThan(8);
  });
});
