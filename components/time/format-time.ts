// The one way the app writes a time for a person: in the business's own time zone (never the server's or UTC
// unless that is the business's zone), relative where that helps ("in 7 min", "2 h ago"), with the exact time,
// zone included, one hover or focus away (see zoned-time.tsx). Pure functions: the caller passes "now".

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Past a week, "12 days ago" helps less than the date itself. */
const RELATIVE_LIMIT = 7 * DAY;

function formatter(options: Intl.DateTimeFormatOptions, timeZone: string) {
  return new Intl.DateTimeFormat("en-US", { ...options, timeZone });
}

/** "Nov 27, 2026, 10:34 PM PST": what a table cell shows. */
export function formatExact(at: Date, timeZone: string): string {
  return formatter(
    { month: "short", day: "numeric", year: "numeric", hour: "numeric", minute: "2-digit", timeZoneName: "short" },
    timeZone,
  ).format(at);
}

/** "Friday, November 27, 2026 at 10:34:04 PM PST (America/Los_Angeles)": the tooltip, nothing left to guess. */
export function formatFull(at: Date, timeZone: string): string {
  const text = formatter({ dateStyle: "full", timeStyle: "long" }, timeZone).format(at);
  return `${text} (${timeZone})`;
}

/** "Nov 27, 2026": a calendar day as the business sees it (a consent date, a chart's day). */
export function formatDay(at: Date, timeZone: string): string {
  return formatter({ month: "short", day: "numeric", year: "numeric" }, timeZone).format(at);
}

/** "10:34 PM PST": a time later today, e.g. when syncing resumes. */
export function formatClock(at: Date, timeZone: string): string {
  return formatter({ hour: "numeric", minute: "2-digit", timeZoneName: "short" }, timeZone).format(at);
}

/** A calendar day written as YYYY-MM-DD (how dates are stored and sent), shown as "Nov 27, 2026". */
export function formatCalendarDay(day: string): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return formatDay(new Date(Date.UTC(y, m - 1, d, 12)), "UTC");
}

/**
 * A day that may have been stored as a date a person entered (midnight UTC of that calendar day, as the consent
 * date is) or as the instant something happened: the entered day as entered, an instant as its day in the zone.
 */
export function formatEnteredDay(at: Date, timeZone: string): string {
  const iso = at.toISOString();
  return iso.endsWith("T00:00:00.000Z") ? formatCalendarDay(iso.slice(0, 10)) : formatDay(at, timeZone);
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? "" : "s"}`;
}

/**
 * "in 7 min", "2 h ago", "3 days ago", "just now"; null past a week either way (show the exact time then).
 * Rounded to the nearest unit, and never "0 min": under 45 seconds is "just now" / "in less than a minute".
 */
export function formatRelative(at: Date, now: Date): string | null {
  const delta = at.getTime() - now.getTime();
  const distance = Math.abs(delta);
  if (distance >= RELATIVE_LIMIT) return null;
  const future = delta > 0;
  if (distance < 45_000) return future ? "in less than a minute" : "just now";
  const minutes = Math.max(1, Math.round(distance / MINUTE));
  const hours = Math.round(distance / HOUR);
  const days = Math.round(distance / DAY);
  const amount = minutes < 60 ? `${minutes} min` : hours < 24 ? `${hours} h` : plural(days, "day");
  return future ? `in ${amount}` : `${amount} ago`;
}

/** Shared by the profile and the consent history: a formatter bound to the business's zone. */
export function timeFormatter(timeZone: string): (at: Date) => string {
  return (at) => formatExact(at, timeZone);
}

/** Today's calendar day (YYYY-MM-DD) in the business's time zone, for date inputs: the same day lib checks dates against. */
export { todayIn } from "@/lib/zoned-day";
