import type { CallKind } from "@/lib/constant-contact/call-purpose";
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

/** Today's Constant Contact calls per UTC hour, stacked by kind (plain SVG, with a text summary for screen readers). */
export function HourlyCallsChart({ hours }: { hours: HourOfCalls[] }) {
  const total = (h: HourOfCalls) => KINDS.reduce((s, k) => s + (h.byKind[k] ?? 0), 0);
  const max = Math.max(1, ...hours.map(total));
  const width = 600;
  const height = 100;
  const bar = width / 24;
  const sum = hours.reduce((s, h) => s + total(h), 0);
  return (
    <figure className="mt-4">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        preserveAspectRatio="none"
        className="h-28 w-full"
        role="img"
        aria-label={`Calls today by hour: ${sum} in ${hours.length} hours`}
      >
        {hours.map((h, i) => {
          let y = height;
          return (
            <g key={h.hour.toISOString()}>
              <title>{`${h.hour.toISOString().slice(11, 16)} UTC: ${KINDS.map((k) => `${CALL_KIND_LABELS[k]} ${h.byKind[k] ?? 0}`).join(", ")}`}</title>
              {KINDS.map((k) => {
                const size = ((h.byKind[k] ?? 0) / max) * (height - 4);
                y -= size;
                return <rect key={k} x={i * bar + 1} y={y} width={bar - 2} height={size} className={KIND_FILL[k]} />;
              })}
            </g>
          );
        })}
      </svg>
      <figcaption className="flex flex-wrap gap-3 text-xs text-slate-500">
        {KINDS.map((k) => (
          <span key={k} className="flex items-center gap-1">
            <svg width="10" height="10" aria-hidden="true">
              <rect width="10" height="10" className={KIND_FILL[k]} />
            </svg>
            {CALL_KIND_LABELS[k]}
          </span>
        ))}
        <span>Per UTC hour, 00:00 to now.</span>
      </figcaption>
    </figure>
  );
}
