import { describe, expect, it } from "vitest";
import { dailyCaps } from "../integrations/constant-contact/budget-policy";
import { simulateDay, type SimulatedBusiness } from "./day-simulation";
import { PLAN_STEP_MINUTES, planPushWait, remainingWaitMs, type ConnectionPace } from "./push-plan";

const STANDARD_KEY = 10_000;
const day = { dailyBudget: STANDARD_KEY, debounceMinutes: 1 };
/** `count` connections that pushed `pushesLastDay` times in the last day, none in the last hour, nothing waiting. */
const paced = (count: number, pushesLastDay: number, more: Partial<ConnectionPace> = {}): ConnectionPace[] =>
  Array.from({ length: count }, () => ({ pushesLastDay, pushesLastHour: 0, waiting: false, ...more }));

describe("push plan", () => {
  it("is the debounce on a quiet day", () => {
    const plan = planPushWait({
      ...day,
      usedToday: 800,
      minutesIntoDay: 600,
      connections: [...paced(2, 5), ...paced(1, 30)],
    });
    expect(plan.waitMinutes).toBe(1);
    expect(plan.projectedCalls).toBeLessThan(plan.target);
  });

  it("stretches the wait when the day's projection would not fit, and fits it", () => {
    // Noon, 5,000 used: 500 connections that pushed 12 to 36 times in the last day.
    const connections = [...paced(167, 12), ...paced(167, 24), ...paced(166, 36)];
    const plan = planPushWait({ ...day, usedToday: 5_000, minutesIntoDay: 720, connections });
    expect(plan.waitMinutes).toBeGreaterThan(30);
    expect(plan.projectedCalls).toBeLessThanOrEqual(plan.target);
    expect(plan.target).toBe(Math.floor(dailyCaps(STANDARD_KEY).background * 0.9));
    // A busier afternoon with less left waits longer.
    const later = planPushWait({ ...day, usedToday: 7_000, minutesIntoDay: 900, connections });
    expect(later.waitMinutes).toBeGreaterThan(plan.waitMinutes);
  });

  it("keeps changes for the new day's budget only when even the margin is spent, and never waits past midnight", () => {
    // 23:20: 2,000 connections that had not pushed today have changes waiting, each a push for certain.
    const connections = paced(2_000, 0, { waiting: true });
    const spent = planPushWait({ ...day, usedToday: 8_400, minutesIntoDay: 1_400, connections });
    expect(spent.waitMinutes).toBe(24 * 60);
    // 23:20: the wait ends at midnight, 40 minutes from now, whenever the connection last pushed.
    expect(remainingWaitMs({ plan: spent, sinceLastPushMinutes: 10, minutesIntoDay: 1_400 })).toBe(40 * 60_000);
    // A smaller burst with the margin left is sent tonight.
    const margin = planPushWait({
      ...day,
      usedToday: 8_000,
      minutesIntoDay: 1_400,
      connections: connections.slice(0, 300),
    });
    expect(margin.waitMinutes).toBeLessThan(24 * 60);
    expect(margin.projectedCalls).toBeGreaterThan(margin.target);
    expect(margin.projectedCalls).toBeLessThanOrEqual(margin.backgroundBudget);
  });

  it("counts a studio that edits twice a day as pushing twice, whatever the wait: only busy connections coalesce", () => {
    // 09:00, 2,000 used. 800 studios pushed twice in the last day, 100 large ones every half hour.
    const quiet = paced(800, 2);
    const busy = paced(100, 48);
    const at = { ...day, usedToday: 2_000, minutesIntoDay: 540 };
    const plan = planPushWait({ ...at, connections: [...quiet, ...busy] });
    // The busy ones at 48 a day do not fit beside the quiet ones and the pulls' room: the wait stretches, and fits.
    expect(plan.waitMinutes).toBeGreaterThan(day.debounceMinutes);
    expect(plan.projectedCalls).toBeLessThanOrEqual(plan.target);
    // The quiet studios cost the same at any wait: twice as many busy ones need a longer wait, the quiet ones alone
    // go at the debounce.
    expect(planPushWait({ ...at, connections: [...quiet, ...busy, ...busy] }).waitMinutes).toBeGreaterThan(
      plan.waitMinutes,
    );
    expect(planPushWait({ ...at, connections: quiet }).waitMinutes).toBe(day.debounceMinutes);
    // Under the earlier model (every connection that pushed within the wait pushes once per wait, or hour, until
    // midnight) 900 changers × 2 calls × 15 hours would not have fit at any wait under a day.
    expect(plan.waitMinutes).toBeLessThan(24 * 60);
  });

  it("counts a burst at once: pushes in the last hour over a quiet day", () => {
    const at = { ...day, usedToday: 4_000, minutesIntoDay: 1_200 };
    const calm = planPushWait({ ...at, connections: paced(200, 6) });
    const burst = planPushWait({ ...at, connections: paced(200, 6, { pushesLastHour: 3 }) });
    expect(burst.waitMinutes).toBeGreaterThan(calm.waitMinutes);
  });

  it("compresses with time: every rate and the budget ×F, the debounce and the step ÷F give the wait ÷F", () => {
    // What bench:platform does to run a day F times faster; an unscaled step made its first planned wait 5 real
    // minutes, 5 × F simulated ones, and the stretch's changes waited far longer than the day's.
    const busy = { ...day, usedToday: 5_000, minutesIntoDay: 720, connections: paced(500, 24) };
    const plan = planPushWait(busy);
    expect(plan.waitMinutes).toBeGreaterThan(day.debounceMinutes);
    for (const F of [10, 20]) {
      const compressed = planPushWait({
        dailyBudget: day.dailyBudget * F,
        usedToday: busy.usedToday * F,
        minutesIntoDay: busy.minutesIntoDay,
        debounceMinutes: day.debounceMinutes / F,
        stepMinutes: PLAN_STEP_MINUTES / F,
        connections: paced(500, 24 * F),
      });
      expect(compressed.waitMinutes).toBeCloseTo(plan.waitMinutes / F, 9);
      expect(compressed.projectedCalls).toBeCloseTo(plan.projectedCalls * F, -1);
    }
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
// With a day before the measured one, as in production: the plan reads each connection's pace from its last 24 hours.
const simulate = (businesses: SimulatedBusiness[], seed: number) =>
  simulateDay(businesses, {
    dailyBudget: STANDARD_KEY,
    requestsPerSecond: 4,
    hours: 24,
    debounceMinutes: 1,
    warmUp: true,
    seed,
  });

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
    expect(Math.max(...day.plannedWaits)).toBeGreaterThan(30);
    expect(day.byKind.pull).toBeGreaterThan(dailyCaps(STANDARD_KEY).background * 0.2);
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
