import { describe, expect, it } from "vitest";
import { nextDay, startOfDayIn, todayIn } from "./zoned-day";

const HOUR = 3_600_000;
const startOf = (day: string, zone: string) => startOfDayIn(day, zone).toISOString();
const hoursIn = (day: string, zone: string) =>
  (startOfDayIn(nextDay(day), zone).getTime() - startOfDayIn(day, zone).getTime()) / HOUR;

describe("zoned days", () => {
  it("starts a day at the zone's midnight on ordinary days", () => {
    expect(startOf("2026-11-20", "UTC")).toBe("2026-11-20T00:00:00.000Z");
    expect(startOf("2026-11-20", "America/New_York")).toBe("2026-11-20T05:00:00.000Z");
    expect(startOf("2026-11-20", "Australia/Sydney")).toBe("2026-11-19T13:00:00.000Z");
    expect(startOf("2026-07-01", "Asia/Kolkata")).toBe("2026-06-30T18:30:00.000Z");
  });

  it("follows America/Los_Angeles through both daylight saving changes (23- and 25-hour days)", () => {
    expect(startOf("2026-03-08", "America/Los_Angeles")).toBe("2026-03-08T08:00:00.000Z"); // still PST at midnight
    expect(startOf("2026-03-09", "America/Los_Angeles")).toBe("2026-03-09T07:00:00.000Z"); // PDT
    expect(hoursIn("2026-03-08", "America/Los_Angeles")).toBe(23);
    expect(startOf("2026-11-01", "America/Los_Angeles")).toBe("2026-11-01T07:00:00.000Z"); // still PDT at midnight
    expect(startOf("2026-11-02", "America/Los_Angeles")).toBe("2026-11-02T08:00:00.000Z"); // PST
    expect(hoursIn("2026-11-01", "America/Los_Angeles")).toBe(25);
  });

  it("follows Australia/Sydney, whose changes fall in the other half of the year", () => {
    expect(startOf("2026-04-05", "Australia/Sydney")).toBe("2026-04-04T13:00:00.000Z"); // AEDT until 03:00
    expect(startOf("2026-04-06", "Australia/Sydney")).toBe("2026-04-05T14:00:00.000Z");
    expect(hoursIn("2026-04-05", "Australia/Sydney")).toBe(25);
    expect(startOf("2026-10-04", "Australia/Sydney")).toBe("2026-10-03T14:00:00.000Z"); // AEST until 02:00
    expect(startOf("2026-10-05", "Australia/Sydney")).toBe("2026-10-04T13:00:00.000Z");
    expect(hoursIn("2026-10-04", "Australia/Sydney")).toBe(23);
    // Lord Howe Island moves by half an hour.
    expect(hoursIn("2026-10-04", "Australia/Lord_Howe")).toBe(23.5);
  });

  it("starts a day whose midnight daylight saving skips at its first instant, not an hour into the day before", () => {
    // Santiago jumps from 00:00 to 01:00 (-04 to -03); the old two-pass offset guess answered 03:00Z, 23:00 of the 5th.
    expect(startOf("2026-09-06", "America/Santiago")).toBe("2026-09-06T04:00:00.000Z");
    expect(startOf("2026-03-08", "America/Havana")).toBe("2026-03-08T05:00:00.000Z");
    expect(startOf("2026-03-29", "Asia/Beirut")).toBe("2026-03-28T22:00:00.000Z");
  });

  it("starts a day whose midnight happens twice at the first one", () => {
    // Havana falls back from 01:00 to 00:00 on 1 November: the day starts at 00:00 -04, not at the second 00:00 -05.
    expect(startOf("2026-11-01", "America/Havana")).toBe("2026-11-01T04:00:00.000Z");
    expect(hoursIn("2026-11-01", "America/Havana")).toBe(25);
  });

  it("gives a day skipped by a whole zone no length", () => {
    // Samoa went from 29 to 31 December 2011.
    expect(hoursIn("2011-12-30", "Pacific/Apia")).toBe(0);
    expect(hoursIn("2011-12-31", "Pacific/Apia")).toBe(24);
  });

  it("counts days across month and year ends", () => {
    expect(nextDay("2026-02-28")).toBe("2026-03-01");
    expect(nextDay("2028-02-28")).toBe("2028-02-29");
    expect(nextDay("2026-12-31")).toBe("2027-01-01");
  });

  it("tells today's date as the business sees it", () => {
    const instant = new Date("2026-11-26T15:00:00Z");
    expect(todayIn("Australia/Sydney", instant)).toBe("2026-11-27"); // 02:00 on the 27th
    expect(todayIn("America/Los_Angeles", instant)).toBe("2026-11-26"); // 07:00 on the 26th
    expect(todayIn("UTC", instant)).toBe("2026-11-26");
    // The last and first instants of a day that daylight saving made 25 hours long.
    expect(todayIn("America/Los_Angeles", new Date("2026-11-02T07:59:59.999Z"))).toBe("2026-11-01");
    expect(todayIn("America/Los_Angeles", new Date("2026-11-02T08:00:00.000Z"))).toBe("2026-11-02");
    expect(todayIn("Australia/Sydney", new Date("2026-10-04T12:59:59.999Z"))).toBe("2026-10-04");
    expect(todayIn("Australia/Sydney", new Date("2026-10-04T13:00:00.000Z"))).toBe("2026-10-05");
  });

  it("refuses a time zone it does not know instead of computing with NaN", () => {
    expect(() => startOfDayIn("2026-11-20", "Mars/Olympus_Mons")).toThrow(RangeError);
    expect(() => todayIn("Mars/Olympus_Mons")).toThrow(RangeError);
  });
});
