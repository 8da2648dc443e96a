import { describe, expect, it } from "vitest";
import {
  businessSizes,
  dayBusinesses,
  dayChecks,
  dayEvents,
  editsPerDay,
  frontier,
  percentile,
  platformChecks,
  type DayFigures,
  type PlatformFigures,
} from "./platform-figures";

describe("the platform benchmark's figures", () => {
  it("spreads sizes from 50 to 100,000 with a long tail, and scales them down to a cap", () => {
    const { sizes, uncapped, scale } = businessSizes(1_000, Number.MAX_SAFE_INTEGER);
    expect(sizes[0]).toBe(50);
    expect(sizes.at(-1)).toBe(100_000);
    expect(percentile(sizes, 50)).toBeLessThan(200);
    expect(scale).toBe(1);
    const capped = businessSizes(1_000, 150_000);
    expect(capped.uncapped).toBe(uncapped);
    expect(capped.sizes.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(150_000);
    expect(Math.min(...capped.sizes)).toBe(50);
  });

  it("makes edits and unsubscribes at the stated daily rates", () => {
    // One business of 1,000,000 clients over a simulated day: 502 edits and 1,000 unsubscribes expected.
    const events = dayEvents({ sizes: [1_000_000], windowMs: 86_400_000, factor: 1 });
    const edits = events.filter((e) => e.kind === "edit").length;
    const unsubscribes = events.filter((e) => e.kind === "unsubscribe").length;
    expect(edits).toBeGreaterThan(400);
    expect(edits).toBeLessThan(600);
    expect(unsubscribes).toBeGreaterThan(880);
    expect(unsubscribes).toBeLessThan(1_120);
    expect(events.every((e, i) => i === 0 || e.atMs >= events[i - 1]!.atMs)).toBe(true);
  });

  it("derives the frontier from the pull schedule: 1,000 businesses on a standard key at 2 calls a pull", () => {
    const row = frontier(2).find((f) => f.businesses === 1_000 && f.key === "standard")!;
    // 1,000 × 2 calls ÷ 5,000 for pulls × 1,440 minutes (pull-schedule.ts rounds up).
    expect(row.intervalMinutes).toBeGreaterThanOrEqual(576);
    expect(row.intervalMinutes).toBeLessThanOrEqual(577);
    expect(row.p50Minutes).toBe(row.intervalMinutes / 2);
    expect(row.p95Minutes).toBe(row.intervalMinutes * 0.95);
    expect(frontier(2).find((f) => f.businesses === 100 && f.key === "partner")!.intervalMinutes).toBe(15);
  });

  it("fails each target on its own", () => {
    const good: PlatformFigures = {
      businesses: 1_000,
      quotaExceeded: 0,
      throttled: 0,
      peakPerSecondScaled: 4,
      changeToListP95Minutes: 60,
      editsMeasured: 10,
      dbMsPerSyncedContact: 10,
    };
    const failed = (f: PlatformFigures) =>
      platformChecks(f)
        .filter((c) => !c.ok)
        .map((c) => c.name);
    expect(failed(good)).toEqual([]);
    expect(failed({ ...good, quotaExceeded: 1 })).toEqual(["quota_exceeded"]);
    expect(failed({ ...good, throttled: 1 })).toEqual(["throttled"]);
    expect(failed({ ...good, peakPerSecondScaled: 4.1 })).toEqual(["highest second (scaled back)"]);
    expect(failed({ ...good, changeToListP95Minutes: 60.1 })).toEqual(["change-to-list p95"]);
    expect(failed({ ...good, changeToListP95Minutes: null, editsMeasured: 0 })).toEqual(["change-to-list p95"]);
    expect(failed({ ...good, dbMsPerSyncedContact: 10.1 })).toEqual(["database ms per synced contact"]);
    expect(failed({ ...good, dbMsPerSyncedContact: null })).toEqual([]);
  });
});

describe("the simulated day's figures", () => {
  it("gives the day's businesses the benchmark's sizes and rates, spread over the hours", () => {
    const businesses = dayBusinesses(1_000);
    const { sizes } = businessSizes(1_000, Number.MAX_SAFE_INTEGER);
    expect(businesses).toHaveLength(1_000);
    expect(businesses.at(-1)!.editsPerHour(0) * 24).toBeCloseTo(editsPerDay(100_000)); // 52 a day
    expect(businesses.at(-1)!.editsPerHour(23 * 60)).toBe(businesses.at(-1)!.editsPerHour(0));
    expect(businesses[0]!.unsubscribesPerHour * 24).toBeCloseTo(sizes[0]! * 0.001);
  });

  it("fails each target of the day on its own", () => {
    const good: DayFigures = {
      quotaExceeded: 0,
      throttled: 0,
      minutesWaitingForMidnight: 0,
      changeToListP95MinutesByHour: Array.from({ length: 24 }, () => 60),
      unsubscribeStalenessP95Minutes: 480,
      interactiveWaitP95Ms: 1_000,
    };
    const failed = (f: DayFigures) =>
      dayChecks(f)
        .filter((c) => !c.ok)
        .map((c) => c.name);
    expect(failed(good)).toEqual([]);
    expect(failed({ ...good, quotaExceeded: 1 })).toEqual(["quota_exceeded"]);
    expect(failed({ ...good, throttled: 1 })).toEqual(["throttled"]);
    expect(failed({ ...good, minutesWaitingForMidnight: 1 })).toEqual(["minutes waiting for midnight"]);
    const lateHour = good.changeToListP95MinutesByHour.map((m, hour) => (hour === 23 ? 60.5 : m));
    expect(failed({ ...good, changeToListP95MinutesByHour: lateHour })).toEqual(["change-to-list p95, worst hour"]);
    expect(dayChecks({ ...good, changeToListP95MinutesByHour: lateHour })[3]!.actual).toBe("60.5 min (hour 23)");
    const quietHour = good.changeToListP95MinutesByHour.map((m, hour) => (hour === 3 ? null : m));
    expect(failed({ ...good, changeToListP95MinutesByHour: quietHour })).toEqual(["change-to-list p95, worst hour"]);
    expect(failed({ ...good, changeToListP95MinutesByHour: [] })).toEqual(["change-to-list p95, worst hour"]);
    expect(failed({ ...good, unsubscribeStalenessP95Minutes: 481 })).toEqual(["unsubscribe staleness p95"]);
    expect(failed({ ...good, unsubscribeStalenessP95Minutes: null })).toEqual(["unsubscribe staleness p95"]);
    expect(failed({ ...good, interactiveWaitP95Ms: 1_001 })).toEqual(["interactive wait p95"]);
  });
});
