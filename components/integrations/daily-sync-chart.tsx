import { formatCalendarDay } from "@/components/time/format-time";
import type { DailyTotals } from "@/lib/sync/status/sync-history";

const MARK = 12; // room above the bars for the marks of runs that did not do their work

/**
 * Sent and failed per day, last 30 days of the business's calendar: a small bar chart (plain SVG, with a text
 * summary for screen readers). A day with a failed, cancelled or interrupted run gets a mark above its bar.
 */
export function DailySyncChart({ days }: { days: DailyTotals[] }) {
  const max = Math.max(1, ...days.map((d) => d.sent + d.failed));
  const width = 600;
  const height = 90 + MARK;
  const bar = width / days.length;
  const totalSent = days.reduce((s, d) => s + d.sent, 0);
  const totalFailed = days.reduce((s, d) => s + d.failed, 0);
  const problemRuns = days.reduce((s, d) => s + d.problemRuns, 0);
  const problems = problemRuns
    ? `, ${problemRuns} run${problemRuns === 1 ? "" : "s"} failed, cancelled or interrupted`
    : "";
  return (
    <figure className="mt-4">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        preserveAspectRatio="none"
        className="h-28 w-full"
        role="img"
        aria-label={`Last 30 days: ${totalSent} contacts sent, ${totalFailed} failed${problems}`}
        data-testid="daily-sync-chart"
      >
        {days.map((d, i) => {
          const sentH = (d.sent / max) * (height - MARK - 4);
          const failedH = (d.failed / max) * (height - MARK - 4);
          const x = i * bar;
          const runs = d.problemRuns
            ? `, ${d.problemRuns} run${d.problemRuns === 1 ? "" : "s"} failed, cancelled or interrupted`
            : "";
          return (
            <g key={d.day}>
              <title>{`${formatCalendarDay(d.day)}: ${d.sent} sent, ${d.failed} failed${runs}`}</title>
              <rect x={x} y={0} width={bar} height={height} fill="transparent" />
              <rect x={x + 1} y={height - sentH} width={bar - 2} height={sentH} className="fill-brand" />
              <rect x={x + 1} y={height - sentH - failedH} width={bar - 2} height={failedH} className="fill-red-500" />
              {d.problemRuns > 0 && (
                <path
                  d={`M ${x + bar / 2 - 5} 1 L ${x + bar / 2 + 5} 1 L ${x + bar / 2} ${MARK - 2} Z`}
                  className="fill-amber-600"
                  data-testid="chart-problem-mark"
                />
              )}
            </g>
          );
        })}
      </svg>
      <figcaption className="text-xs text-slate-600">
        Sent (blue) and failed (red) per day, last 30 days: {totalSent.toLocaleString()} sent,{" "}
        {totalFailed.toLocaleString()} failed.
        {problemRuns > 0 &&
          ` ▼ marks a day with a failed, cancelled or interrupted run (${problemRuns.toLocaleString()} in all).`}
      </figcaption>
    </figure>
  );
}
