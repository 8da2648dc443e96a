/** Times are shown in the business's own time zone, whoever is looking. */
export function timeFormatter(timeZone: string): (d: Date) => string {
  const format = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone });
  return (d) => format.format(d);
}

/** Today's calendar day (YYYY-MM-DD) in the business's time zone, for date inputs. */
export function todayIn(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit", timeZone }).format(now);
}
