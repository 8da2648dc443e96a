import type { CallKind } from "@/lib/integrations/call-purpose";
import type { HourOfCalls } from "@/lib/support/platform-overview";

export const CALL_KIND_LABELS: Record<CallKind, string> = {
  INTERACTIVE: "Interactive",
  PUSH: "Push",
  RECONCILE: "Reconcile",
  UNSUBSCRIBE_PULL: "Unsubscribe pull",
};
const KIND_FILL: Record<CallKind, string> = {
  INTERACTIVE: "fill-purple-600",
  PUSH: "fill-brand",
  RECONCILE: "fill-amber-500",
  UNSUBSCRIBE_PULL: "fill-slate-400",
};
const KINDS = Object.keys(CALL_KIND_LABELS) as CallKind[];
/** Where the hour labels sit under the day's 24 slots. */
const TICKS = [0, 6, 12, 18, 24];

const hhmm = (hour: Date) => hour.toISOString().slice(11, 16);
const callsIn = (h: HourOfCalls) => KINDS.reduce((s, k) => s + (h.byKind[k] ?? 0), 0);
/** An hour's tooltip: its total and each kind. */
const hourSummary = (h: HourOfCalls) =>
  `${hhmm(h.hour)} UTC: ${callsIn(h).toLocaleString()} (${KINDS.map((k) => `${CALL_KIND_LABELS[k]} ${h.byKind[k] ?? 0}`).join(", ")})`;

/**
 * Today's Constant Contact calls per UTC hour, stacked by kind: plain SVG over the whole day (the hours still to
 * come are empty), each hour's figures in its tooltip, the busiest hour as the scale, and a text summary for screen
 * readers.
 */
export function HourlyCallsChart({ hours }: { hours: HourOfCalls[] }) {
  const sum = hours.reduce((s, h) => s + callsIn(h), 0);
  if (sum === 0) {
    return (
      <p className="mt-4 text-sm text-slate-600" data-testid="hourly-calls">
        No Constant Contact calls yet today.
      </p>
    );
  }
  const busiest = hours.reduce((a, b) => (callsIn(b) > callsIn(a) ? b : a));
  const max = callsIn(busiest);
  const busiestAt = `${hhmm(busiest.hour)} UTC`;
  const width = 600;
  const height = 100;
  const bar = width / 24;
  return (
    <figure className="mt-4" data-testid="hourly-calls">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        preserveAspectRatio="none"
        className="h-28 w-full"
        role="img"
        aria-label={`Calls today by hour: ${sum.toLocaleString()} in ${hours.length} hours, at most ${max.toLocaleString()} in one hour (${busiestAt})`}
      >
        {hours.map((h, i) => {
          let y = height;
          return (
            <g key={h.hour.toISOString()}>
              <title>{hourSummary(h)}</title>
              {/* Transparent full-height target, so an hour's tooltip shows over its whole column, not only its bar. */}
              <rect x={i * bar} y={0} width={bar} height={height} fill="transparent" />
              {KINDS.map((k) => {
                const size = ((h.byKind[k] ?? 0) / max) * (height - 4);
                y -= size;
                return <rect key={k} x={i * bar + 1} y={y} width={bar - 2} height={size} className={KIND_FILL[k]} />;
              })}
            </g>
          );
        })}
        <line
          x1={0}
          x2={width}
          y1={height}
          y2={height}
          className="stroke-slate-300"
          vectorEffect="non-scaling-stroke"
        />
      </svg>
      <div className="relative h-4 text-xs text-slate-500" aria-hidden="true">
        {TICKS.map((t) => (
          <span
            key={t}
            className={`absolute top-0 ${t === 0 ? "" : t === 24 ? "-translate-x-full" : "-translate-x-1/2"}`}
            style={{ left: `${(t / 24) * 100}%` }}
          >
            {String(t).padStart(2, "0")}:00
          </span>
        ))}
      </div>
      <figcaption className="mt-1 flex flex-wrap gap-3 text-xs text-slate-500">
        {KINDS.map((k) => (
          <span key={k} className="flex items-center gap-1">
            <svg width="10" height="10" aria-hidden="true">
              <rect width="10" height="10" className={KIND_FILL[k]} />
            </svg>
            {CALL_KIND_LABELS[k]}
          </span>
        ))}
        <span>
          Per UTC hour; the tallest bar is the busiest hour, {max.toLocaleString()} calls at {busiestAt}.
        </span>
      </figcaption>
    </figure>
  );
}
