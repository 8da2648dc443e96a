/** Times are shown in the business's own time zone, whoever is looking. */
export function timeFormatter(timeZone: string): (d: Date) => string {
  const format = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone });
  return (d) => format.format(d);
}

/** Today's calendar day (YYYY-MM-DD) in the business's time zone, for date inputs: the same day lib checks dates against. */
export { todayIn } from "@/lib/zoned-day";
