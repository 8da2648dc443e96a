// Calendar days in a business's own time zone ("2026-11-20" as the studio sees it). The offset arithmetic
// (daylight saving, days whose midnight is skipped or repeated) is @date-fns/tz's, not ours.
import { TZDate } from "@date-fns/tz";

function parseDay(day: string): [year: number, month: number, date: number] {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return [y, m, d];
}

/**
 * The instant a calendar day ("2026-11-20") starts in a time zone: a date filter means the business's own days.
 * Where daylight saving skips midnight (America/Santiago in September) that is the day's first instant, 01:00;
 * where it repeats midnight (America/Havana in November) it is the first of the two.
 */
export function startOfDayIn(day: string, timeZone: string): Date {
  const [y, m, d] = parseDay(day);
  const start = new TZDate(y, m - 1, d, timeZone).getTime();
  // TZDate answers NaN for a zone it does not know; Intl would have thrown, and so do we rather than filter on NaN.
  if (Number.isNaN(start)) throw new RangeError(`Unknown time zone: ${timeZone}`);
  return new Date(start);
}

/** The day after a calendar day, as a calendar day. */
export function nextDay(day: string): string {
  const [y, m, d] = parseDay(day);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** Today's calendar day (YYYY-MM-DD) in a time zone: what "today" means to the business, wherever the server is. */
export function todayIn(timeZone: string, now = new Date()): string {
  const local = new TZDate(now.getTime(), timeZone);
  if (Number.isNaN(local.getTime())) throw new RangeError(`Unknown time zone: ${timeZone}`);
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  return `${pad(local.getFullYear(), 4)}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}`;
}
