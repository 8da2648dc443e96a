import type { DailyTotals } from "@/lib/sync/status/sync-history";

/** Sent and failed per day, last 30 days: a small bar chart (plain SVG, with a text summary for screen readers). */
export function DailySyncChart({ days }: { days: DailyTotals[] }) {
  const max = Math.max(1, ...days.map((d) => d.sent + d.failed));
  const width = 600;
  const height = 90;
  const bar = width / days.length;
  const totalSent = days.reduce((s, d) => s + d.sent, 0);
  const totalFailed = days.reduce((s, d) => s + d.failed, 0);
  return (
    <figure className="mt-4">
      <svg viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" className="h-24 w-full" role="img" aria-label={`Last 30 days: ${totalSent} contacts sent, ${totalFailed} failed`}>
        {days.map((d, i) => {
          const sentH = (d.sent / max) * (height - 4);
          const failedH = (d.failed / max) * (height - 4);
          return (
            <g key={d.day}>
              <title>{`${d.day}: ${d.sent} sent, ${d.failed} failed`}</title>
              <rect x={i * bar + 1} y={height - sentH} width={bar - 2} height={sentH} className="fill-brand" />
              <rect x={i * bar + 1} y={height - sentH - failedH} width={bar - 2} height={failedH} className="fill-red-500" />
            </g>
          );
        })}
      </svg>
      <figcaption className="text-xs text-slate-500">
        Sent (blue) and failed (red) per day, last 30 days: {totalSent.toLocaleString()} sent, {totalFailed.toLocaleString()} failed.
      </figcaption>
    </figure>
  );
}
