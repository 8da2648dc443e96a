import { describe, expect, it } from "vitest";
import { dailyCaps } from "../integrations/constant-contact/budget-policy";
import { simulateDay, type SimulatedBusiness } from "./day-simulation";

const key = { dailyBudget: 10_000, requestsPerSecond: 4 };
const businesses = (count: number, editsPerHour: number, unsubscribesPerHour = 0): SimulatedBusiness[] =>
  Array.from({ length: count }, () => ({ editsPerHour: () => editsPerHour, unsubscribesPerHour }));

describe("the day simulation's limiter", () => {
  it("lets people's calls go first: one slot's wait at most, on a day full of background work", () => {
    const day = simulateDay(businesses(300, 6, 1), {
      ...key,
      hours: 6,
      debounceMinutes: 1,
      interactive: { syncNowPerDay: 2, chooseListPerDay: 1, connectPerDay: 1 },
      seed: 3,
    });
    expect(day.interactiveWaitsMs.length).toBeGreaterThan(100);
    // The limiter's slot on 4/s is 1,250 ms ÷ 4: a call waits for the one in flight, or for a person's before it,
    // never behind a pull tick's burst of background calls.
    expect(Math.max(...day.interactiveWaitsMs)).toBeLessThanOrEqual(3 * 312.5);
    expect(day.interactiveWaitsMs.filter((ms) => ms > 312.5).length).toBeLessThan(day.interactiveWaitsMs.length / 20);
    expect(day.throttled).toBe(0);
    expect(day.byKind.interactive).toBeGreaterThan(0);
  });

  it("refuses what the caps do not allow: background past its share, people past the key's budget", () => {
    // 3,000 businesses all pressing Sync now: more than the whole day's budget.
    const day = simulateDay(businesses(3_000, 2, 1), {
      ...key,
      hours: 24,
      debounceMinutes: 1,
      interactive: { syncNowPerDay: 2, chooseListPerDay: 0, connectPerDay: 0 },
      drainMinutes: 0,
      seed: 5,
    });
    expect(day.callsUsed).toBeLessThanOrEqual(key.dailyBudget);
    expect(day.callsUsed - day.byKind.interactive).toBeLessThanOrEqual(dailyCaps(key.dailyBudget).background);
    expect(day.quotaExceeded).toBeGreaterThan(0);
    expect(day.minutesWaitingForMidnight).toBeGreaterThan(0);
    expect(day.editsNotLanded).toBeGreaterThan(0);
  });

  it("applies an unsubscribe at its connection's next pull, and lands each edit after the debounce", () => {
    const day = simulateDay(businesses(10, 1, 1), { ...key, hours: 24, debounceMinutes: 1, seed: 9 });
    // Ten connections on a standard key are pulled every 15 minutes (the floor) and each tick may be a minute late.
    expect(Math.max(...day.unsubscribeStalenessMinutes)).toBeLessThanOrEqual(20);
    expect(day.unsubscribeStalenessMinutes.length).toBeGreaterThan(150);
    // The debounce and the rest of the minute the first change was made in; later ones join its run.
    expect(Math.max(...day.changeToListMinutesByHour.flat())).toBeLessThanOrEqual(2);
    expect(day.changeToListMinutesByHour).toHaveLength(24);
    // About 96 pulls each, a call each and a second one with the campaign look every six hours: the measured rates
    // differ a little between the ten, and the floor keeps the faster ones at 15 minutes.
    expect(day.byKind.pull).toBeGreaterThan(10 * 90 * 1);
  });
});
