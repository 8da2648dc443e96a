import { describe, expect, it } from "vitest";
import { describeRemaining, runProgress } from "./run-progress";

const startedAt = "2026-11-28T12:00:00.000Z";
const at = (seconds: number) => new Date(Date.parse(startedAt) + seconds * 1000);
const run = { runId: "r", kind: "FULL", startedAt, activityPercent: 0 };

describe("a run's progress in contacts", () => {
  it("counts confirmed contacts plus the imported share of the batch in flight, with the time left at the rate so far", () => {
    const p = runProgress(
      { ...run, phase: "importing", total: 100_000, sent: 40_000, confirmed: 20_000, activityPercent: 50 },
      at(60),
    );
    expect(p).toEqual({ done: 30_000, total: 100_000, percent: 30, remainingMs: 140_000 });
    expect(describeRemaining(p.remainingMs)).toBe("about 2 min left");
  });

  it("gives no estimate before anything is done or in the first seconds", () => {
    expect(
      runProgress({ ...run, phase: "sending", total: 100_000, sent: 40_000, confirmed: 0 }, at(60)).remainingMs,
    ).toBeNull();
    expect(
      runProgress({ ...run, phase: "importing", total: 10, sent: 10, confirmed: 5 }, at(2)).remainingMs,
    ).toBeNull();
    expect(describeRemaining(null)).toBeNull();
  });

  it("never passes the total, and survives a run whose total is unknown", () => {
    expect(
      runProgress({ ...run, phase: "importing", total: 10, sent: 12, confirmed: 12, activityPercent: 100 }, at(30)),
    ).toMatchObject({ done: 12, total: 12, percent: 100 });
    expect(runProgress({ ...run, phase: "starting", total: 0, sent: 0, confirmed: 0 }, at(1))).toMatchObject({
      done: 0,
      total: 1,
      percent: 0,
    });
  });

  it("says the time left in words", () => {
    expect(describeRemaining(30_000)).toBe("less than a minute left");
    expect(describeRemaining(7 * 60_000)).toBe("about 7 min left");
    expect(describeRemaining(130 * 60_000)).toBe("about 2 h left");
  });
});
