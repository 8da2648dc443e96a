import { describe, expect, it } from "vitest";
import { dailyCaps } from "../integrations/constant-contact/budget-policy";
import { simulateDay, type SimulatedBusiness } from "./day-simulation";
import { planPushWait, remainingWaitMs } from "./push-plan";

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

const businessesOf = (count: number, editsPerHour: (minute: number) => number): SimulatedBusiness[] =>
  Array.from({ length: count }, () => ({ editsPerHour, unsubscribesPerHour: 0 }));
const simulate = (businesses: SimulatedBusiness[], seed: number) =>
  simulateDay(businesses, { dailyBudget: STANDARD_KEY, requestsPerSecond: 4, hours: 24, debounceMinutes: 1, seed });

describe("a simulated day of the push plan", () => {
  it("keeps a busy day with a late burst of edits under the background budget, with no refused call", () => {
    const lateBurst = (minute: number) => (minute >= 20 * 60 && minute < 22 * 60 ? 6 : 0.2);
    const businesses = [
      ...businessesOf(650, () => 0.05), // small studios: an edit every 20 hours
      ...businessesOf(250, () => 0.3),
      ...businessesOf(50, () => 4), // large ones edit all day
      ...businessesOf(50, lateBurst), // an evening import of new clients
    ];
    const day = simulate(businesses, 7);
    expect(day.backgroundRefused).toBe(0);
    expect(day.minutesWaitingForMidnight).toBe(0);
    expect(day.callsUsed).toBeLessThanOrEqual(dailyCaps(STANDARD_KEY).background);
    // The plan did batch (the demand at the debounce is far over the budget), and pulls kept their share.
    expect(Math.max(...day.plannedWaits)).toBeGreaterThan(60);
    expect(day.byKind.pull).toBeGreaterThan(dailyCaps(STANDARD_KEY).background * 0.25);
  });

  it("waits only the debounce on a quiet day", () => {
    const day = simulate(
      businessesOf(100, () => 0.2),
      11,
    );
    expect(day.backgroundRefused).toBe(0);
    // Every change goes after the debounce and the rest of the minute it was made in. (In the day's last minutes the
    // pulls have spent the plan's aim and the plan says an hour, but nobody pushed within it, so nobody waits.)
    expect(Math.max(...day.changeToListMinutesByHour.flat())).toBeLessThanOrEqual(2);
  });
});
