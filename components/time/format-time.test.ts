import { describe, expect, it } from "vitest";
import {
  formatCalendarDay,
  formatClock,
  formatEnteredDay,
  formatDay,
  formatExact,
  formatFull,
  formatRelative,
} from "./format-time";

const at = new Date("2026-11-28T06:34:04.774Z");

describe("times in the business's zone", () => {
  it("writes the same instant as each business sees it, with its zone", () => {
    expect(formatExact(at, "America/Los_Angeles")).toBe("Nov 27, 2026, 10:34 PM PST");
    expect(formatExact(at, "America/New_York")).toBe("Nov 28, 2026, 1:34 AM EST");
    expect(formatExact(at, "Australia/Sydney")).toBe("Nov 28, 2026, 5:34 PM GMT+11");
    expect(formatExact(at, "Europe/London")).toBe("Nov 28, 2026, 6:34 AM GMT");
  });

  it("follows daylight saving: the same zone in July is PDT", () => {
    expect(formatExact(new Date("2026-07-01T19:00:00Z"), "America/Los_Angeles")).toBe("Jul 1, 2026, 12:00 PM PDT");
  });

  it("gives the full time with seconds and the zone's name in the tooltip, never ISO", () => {
    const full = formatFull(at, "America/Los_Angeles");
    expect(full).toBe("Friday, November 27, 2026 at 10:34:04 PM PST (America/Los_Angeles)");
    expect(full).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
  });

  it("writes days and clock times in the zone (the day can differ from UTC's)", () => {
    expect(formatDay(at, "America/Los_Angeles")).toBe("Nov 27, 2026");
    expect(formatDay(at, "UTC")).toBe("Nov 28, 2026");
    expect(formatClock(new Date("2026-11-28T00:00:00Z"), "America/New_York")).toBe("7:00 PM EST");
    expect(formatCalendarDay("2026-03-08")).toBe("Mar 8, 2026");
    // A consent date entered as Mar 8 stays Mar 8 in Los Angeles; an instant is its day there.
    expect(formatEnteredDay(new Date("2026-03-08T00:00:00.000Z"), "America/Los_Angeles")).toBe("Mar 8, 2026");
    expect(formatEnteredDay(new Date("2026-03-08T03:00:00.000Z"), "America/Los_Angeles")).toBe("Mar 7, 2026");
  });
});

describe("relative times", () => {
  const now = new Date("2026-11-28T12:00:00Z");
  const plus = (ms: number) => new Date(now.getTime() + ms);
  const min = 60_000;

  it("says just now / in less than a minute under 45 seconds", () => {
    expect(formatRelative(plus(-44_000), now)).toBe("just now");
    expect(formatRelative(now, now)).toBe("just now");
    expect(formatRelative(plus(30_000), now)).toBe("in less than a minute");
  });

  it("counts minutes below an hour, never 0 min", () => {
    expect(formatRelative(plus(45_000), now)).toBe("in 1 min");
    expect(formatRelative(plus(7 * min), now)).toBe("in 7 min");
    expect(formatRelative(plus(-7 * min - 10_000), now)).toBe("7 min ago");
    expect(formatRelative(plus(-59 * min), now)).toBe("59 min ago");
  });

  it("counts hours below a day and days below a week", () => {
    expect(formatRelative(plus(-60 * min), now)).toBe("1 h ago");
    expect(formatRelative(plus(-2 * 60 * min - 10 * min), now)).toBe("2 h ago");
    expect(formatRelative(plus(23 * 60 * min), now)).toBe("in 23 h");
    expect(formatRelative(plus(-24 * 60 * min), now)).toBe("1 day ago");
    expect(formatRelative(plus(3 * 24 * 60 * min), now)).toBe("in 3 days");
    expect(formatRelative(plus(-6.4 * 24 * 60 * min), now)).toBe("6 days ago");
  });

  it("gives up past a week either way, so the caller shows the exact time", () => {
    expect(formatRelative(plus(-7 * 24 * 60 * min), now)).toBeNull();
    expect(formatRelative(plus(30 * 24 * 60 * min), now)).toBeNull();
  });
});
