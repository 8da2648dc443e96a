import { describe, expect, it } from "vitest";
import { pullIntervalMinutes, pullsPerTick } from "./pull-schedule";

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
});
