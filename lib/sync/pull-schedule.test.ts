import { describe, expect, it } from "vitest";
import { pullIntervalForDay, pullIntervalMinutes, pullsPerTick } from "./pull-schedule";

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
