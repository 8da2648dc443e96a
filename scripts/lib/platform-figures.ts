// The pure parts of `npm run bench:platform`: the businesses' sizes, the day's events, percentiles, the frontier of
// what a key's budget allows, and the verdict against the README's targets.
import type { InteractiveRates, SimulatedBusiness } from "../../lib/sync/day-simulation";
import { pullIntervalMinutes } from "../../lib/sync/pull-schedule";

/**
 * Sizes from 50 to 100,000 clients with a long tail: most studios are small, a few are very large. Deterministic
 * (log-spaced by rank, cubed), then scaled down so the total fits `totalCap`, each size staying at least 50.
 */
export function businessSizes(count: number, totalCap: number): { sizes: number[]; uncapped: number; scale: number } {
  const raw = Array.from({ length: count }, (_, i) => {
    const x = count === 1 ? 0 : i / (count - 1);
    return Math.round(50 * 2_000 ** (x * x * x));
  });
  const uncapped = raw.reduce((a, b) => a + b, 0);
  if (uncapped <= totalCap) return { sizes: raw, uncapped, scale: 1 };
  const scale = Math.max(0, (totalCap - 50 * count) / (uncapped - 50 * count));
  return { sizes: raw.map((s) => 50 + Math.floor((s - 50) * scale)), uncapped, scale };
}

export type DayEvent = { atMs: number; business: number; kind: "edit" | "unsubscribe" };

/**
 * A simulated stretch of the day's events in real milliseconds, arriving at random (Poisson) times: edits at
 * 2 + size/2,000 per business per day (a small studio edits a couple of clients, a large one dozens), Constant
 * Contact-side unsubscribes at 0.1% of the list per day (a typical rate per campaign sent).
 */
export function dayEvents(input: { sizes: number[]; windowMs: number; factor: number; seed?: number }): DayEvent[] {
  let state = input.seed ?? 7;
  const random = () => (state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  const simulatedDays = (input.windowMs * input.factor) / 86_400_000;
  const events: DayEvent[] = [];
  const arrivals = (perDay: number, business: number, kind: DayEvent["kind"]) => {
    const expected = perDay * simulatedDays;
    let t = 0;
    for (;;) {
      t += (-Math.log(1 - random()) / expected) * input.windowMs;
      if (t >= input.windowMs) return;
      events.push({ atMs: Math.round(t), business, kind });
    }
  };
  input.sizes.forEach((size, business) => {
    arrivals(editsPerDay(size), business, "edit");
    arrivals(unsubscribesPerDay(size), business, "unsubscribe");
  });
  return events.sort((a, b) => a.atMs - b.atMs);
}

export const editsPerDay = (size: number) => 2 + size / 2_000;
export const unsubscribesPerDay = (size: number) => size * 0.001;

/** The businesses of the day's simulation: the nominal sizes, the rates above spread evenly over the day. */
export function dayBusinesses(count: number): SimulatedBusiness[] {
  return businessSizes(count, Number.MAX_SAFE_INTEGER).sizes.map((size) => {
    const edits = editsPerDay(size) / 24;
    return { editsPerHour: () => edits, unsubscribesPerHour: unsubscribesPerDay(size) / 24 };
  });
}

/**
 * People waiting on an answer, a business a day: an owner presses Sync now about once in ten days, chooses or changes
 * a list once in fifty, connects (or reconnects) once in a hundred.
 */
export const DAY_INTERACTIVE: InteractiveRates = { syncNowPerDay: 0.1, chooseListPerDay: 0.02, connectPerDay: 0.01 };

export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const KEYS = {
  standard: { dailyBudget: 10_000, requestsPerSecond: 4 },
  partner: { dailyBudget: 250_000, requestsPerSecond: 10 },
} as const;

/**
 * The unsubscribe staleness the budget allows: the steady pull interval of pull-schedule.ts (half the budget for
 * pulls) with the measured cost of a pull. Unsubscribes arrive at random, so staleness is uniform over the
 * interval: p50 = half of it, p95 = 95% of it.
 */
export function frontier(callsPerPull: number) {
  return [100, 1_000, 5_000].flatMap((businesses) =>
    (Object.keys(KEYS) as (keyof typeof KEYS)[]).map((key) => {
      const interval = pullIntervalMinutes({
        activeConnections: businesses,
        dailyBudget: KEYS[key].dailyBudget,
        callsPerPull,
      });
      return { businesses, key, intervalMinutes: interval, p50Minutes: interval / 2, p95Minutes: interval * 0.95 };
    }),
  );
}

export type PlatformFigures = {
  businesses: number;
  quotaExceeded: number;
  throttled: number;
  peakPerSecondScaled: number;
  changeToListP95Minutes: number | null;
  editsMeasured: number;
  /** Null when the server does not report its time (PostgreSQL < 14): not measured, not failed. */
  dbMsPerSyncedContact: number | null;
};

export type PlatformCheck = { name: string; expected: string; actual: string; ok: boolean };

/** README targets with a standard key (10,000/day, 4/s). */
export function platformChecks(f: PlatformFigures): PlatformCheck[] {
  const check = (name: string, ok: boolean, expected: string, actual: unknown): PlatformCheck => ({
    name,
    ok,
    expected,
    actual: String(actual),
  });
  return [
    check("quota_exceeded", f.quotaExceeded === 0, "0", f.quotaExceeded),
    check("throttled", f.throttled === 0, "0", f.throttled),
    check("highest second (scaled back)", f.peakPerSecondScaled <= 4, "≤ 4", f.peakPerSecondScaled),
    check(
      "change-to-list p95",
      // The day's target (issue 23): on a busy day the plan batches changes, for up to an hour.
      f.editsMeasured > 0 && f.changeToListP95Minutes !== null && f.changeToListP95Minutes <= 60,
      "≤ 60 min",
      f.changeToListP95Minutes === null ? "none measured" : `${f.changeToListP95Minutes} min`,
    ),
    check(
      "database ms per synced contact",
      f.dbMsPerSyncedContact === null || f.dbMsPerSyncedContact <= 10,
      "≤ 10",
      f.dbMsPerSyncedContact ?? "not reported by the server",
    ),
  ];
}

export type DayFigures = {
  quotaExceeded: number;
  throttled: number;
  minutesWaitingForMidnight: number;
  changeToListP95MinutesByHour: (number | null)[];
  unsubscribeStalenessP95Minutes: number | null;
  interactiveWaitP95Ms: number | null;
};

/** The targets of a simulated day (standard key, 1,000 businesses). An hour without an edit fails: nothing measured. */
export function dayChecks(f: DayFigures): PlatformCheck[] {
  const check = (name: string, ok: boolean, expected: string, actual: unknown): PlatformCheck => ({
    name,
    ok,
    expected,
    actual: String(actual),
  });
  const hours = f.changeToListP95MinutesByHour;
  const worst = hours.some((h) => h === null) ? null : Math.max(...(hours as number[]));
  const worstHour = worst === null ? hours.indexOf(null) : hours.indexOf(worst);
  return [
    check("quota_exceeded", f.quotaExceeded === 0, "0", f.quotaExceeded),
    check("throttled", f.throttled === 0, "0", f.throttled),
    check("minutes waiting for midnight", f.minutesWaitingForMidnight === 0, "0", f.minutesWaitingForMidnight),
    check(
      "change-to-list p95, worst hour",
      hours.length > 0 && worst !== null && worst <= 60,
      "≤ 60 min in every hour",
      worst === null ? `none measured in hour ${worstHour}` : `${worst} min (hour ${worstHour})`,
    ),
    check(
      "unsubscribe staleness p95",
      f.unsubscribeStalenessP95Minutes !== null && f.unsubscribeStalenessP95Minutes <= 8 * 60,
      "≤ 480 min",
      f.unsubscribeStalenessP95Minutes === null ? "none measured" : `${f.unsubscribeStalenessP95Minutes} min`,
    ),
    check(
      "interactive wait p95",
      f.interactiveWaitP95Ms !== null && f.interactiveWaitP95Ms <= 1_000,
      "≤ 1,000 ms",
      f.interactiveWaitP95Ms === null ? "none measured" : `${f.interactiveWaitP95Ms} ms`,
    ),
  ];
}
