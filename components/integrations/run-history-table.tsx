import type { SyncHistory } from "@/lib/sync/status/sync-history";
import { DataTable } from "@/components/ui/data-table";
import { ZonedTime } from "@/components/time/zoned-time";
import type { Provider } from "@/lib/generated/prisma/enums";
import { RetryButton } from "./retry-button";
import { runOutcome, type RunOutcome } from "./run-outcome";

const KIND = {
  FULL: "Full sync",
  DELTA: "Changes",
  UNSUBSCRIBE_PULL: "Unsubscribe check",
  RECONCILE: "Reconcile",
} as const;
const TRIGGER = {
  LIST_SAVED: "List saved",
  RECONNECTED: "Reconnected",
  CLIENT_CHANGE: "Client changes",
  SCHEDULE: "Schedule",
  MANUAL: "Sync now",
  RETRY: "Retry",
} as const;
const TONE: Record<RunOutcome["tone"], string> = {
  running: "bg-blue-100 text-blue-900",
  ok: "bg-green-100 text-green-900",
  warning: "bg-amber-100 text-amber-900",
  problem: "bg-red-100 text-red-900",
};

type Run = SyncHistory["runs"][number];

function duration(start: Date, end: Date | null): string {
  if (!end) return "…";
  const seconds = Math.round((end.getTime() - start.getTime()) / 1000);
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** The run's numbers in one line; only those that say something (an unsubscribe check sends nothing). */
function contacts(r: Run): string {
  if (r.kind === "UNSUBSCRIBE_PULL")
    return `${r.unsubscribesPulled.toLocaleString()} unsubscribe${r.unsubscribesPulled === 1 ? "" : "s"} applied`;
  const parts = [
    `${r.sent.toLocaleString()} sent`,
    `${r.added.toLocaleString()} added`,
    `${r.updated.toLocaleString()} updated`,
  ];
  if (r.removed) parts.push(`${r.removed.toLocaleString()} removed`);
  if (r.failed) parts.push(`${r.failed.toLocaleString()} failed`);
  if (r.unsubscribesPulled) parts.push(`${r.unsubscribesPulled.toLocaleString()} unsubscribes`);
  return parts.join(" · ");
}

/**
 * Run history: the outcome comes right after when and what, so it is seen first; six columns fit a 1280-px screen
 * and stack into cards on a phone. Retry (a new Sync now) is offered on the newest run when it failed or was
 * interrupted: older failures are already superseded by the runs after them.
 */
export function RunHistoryTable({
  provider,
  runs,
  timeZone,
  now,
}: {
  provider: Provider;
  runs: Run[];
  timeZone: string;
  now: Date;
}) {
  const newest = runs[0]?.id;
  return (
    <DataTable
      look="section"
      rows={runs}
      empty="No sync has run yet."
      testId="run-history"
      className="mt-3"
      rowProps={(r) => ({ "data-testid": "run-row", "data-status": r.status })}
      columns={[
        {
          header: "Started",
          className: "whitespace-nowrap",
          cell: (r) => <ZonedTime at={r.startedAt} timeZone={timeZone} now={now} />,
        },
        {
          header: "Run",
          cell: (r) => (
            <>
              {KIND[r.kind]}
              <span className="block text-xs text-slate-500">{TRIGGER[r.trigger]}</span>
            </>
          ),
        },
        {
          header: "Outcome",
          cellProps: () => ({ "data-testid": "run-outcome" }),
          cell: (r) => <Outcome provider={provider} run={r} retry={r.id === newest} />,
        },
        {
          header: "Contacts",
          cellProps: (r) => ({ className: runOutcome(r).stoppedEarly ? "text-slate-500" : undefined }),
          cell: (r) => (runOutcome(r).stoppedEarly ? `Before it stopped: ${contacts(r)}` : contacts(r)),
        },
        {
          header: "Duration",
          className: "whitespace-nowrap",
          cell: (r) => duration(r.startedAt, r.finishedAt),
        },
        { header: "API calls", cell: (r) => r.apiCalls.toLocaleString() },
      ]}
    />
  );
}

/** The run's outcome, why, and Retry on the newest run when it failed or was interrupted. */
function Outcome({ provider, run, retry }: { provider: Provider; run: Run; retry: boolean }) {
  const outcome = runOutcome(run);
  return (
    <>
      <span className={`inline-block rounded px-2 py-0.5 text-xs font-semibold ${TONE[outcome.tone]}`}>
        {outcome.label}
      </span>
      {outcome.reason && <span className="mt-1 block max-w-md text-xs text-slate-700">{outcome.reason}</span>}
      {retry && (run.status === "FAILED" || run.status === "INTERRUPTED") && (
        <span className="mt-1 block">
          <RetryButton provider={provider} target="run" />
        </span>
      )}
    </>
  );
}
