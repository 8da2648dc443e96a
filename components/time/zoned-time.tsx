"use client";

import { useId } from "react";
import { formatDay, formatExact, formatFull, formatRelative } from "./format-time";

type Props = {
  at: Date | string;
  timeZone: string;
  /** The moment "relative" counts from: the server's clock when the data was read (never a clock read in render). */
  now?: Date | string;
  /** relative: "2 h ago" (the exact time past a week); exact: "Nov 27, 2026, 10:34 PM PST"; day: "Nov 27, 2026". */
  show?: "relative" | "exact" | "day";
  className?: string;
};

/**
 * A time as people read it: a <time dateTime> in the business's zone, focusable, whose exact value (date, seconds
 * and zone) appears in a tooltip on hover and on keyboard focus, and is its accessible description.
 */
export function ZonedTime({ at, timeZone, now, show = "relative", className }: Props) {
  const id = useId();
  const date = typeof at === "string" ? new Date(at) : at;
  const exact = formatExact(date, timeZone);
  const relative =
    show === "relative" && now !== undefined
      ? formatRelative(date, typeof now === "string" ? new Date(now) : now)
      : null;
  const text = show === "day" ? formatDay(date, timeZone) : (relative ?? exact);
  return (
    <span className={`group/time relative inline-block ${className ?? ""}`}>
      <time
        dateTime={date.toISOString()}
        tabIndex={0}
        aria-describedby={id}
        className="cursor-help rounded-sm underline decoration-slate-400 decoration-dotted underline-offset-2 focus:outline-2 focus:outline-offset-2 focus:outline-brand"
      >
        {text}
      </time>
      <span
        role="tooltip"
        id={id}
        className="pointer-events-none absolute top-full left-0 z-30 mt-1 hidden w-max max-w-72 rounded bg-slate-900 px-2 py-1 text-xs font-normal whitespace-normal text-white shadow group-focus-within/time:block group-hover/time:block"
      >
        {formatFull(date, timeZone)}
      </span>
    </span>
  );
}
