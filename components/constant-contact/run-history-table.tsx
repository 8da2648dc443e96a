import type { SyncHistory } from "@/lib/sync/status/sync-history";
import { ZonedTime } from "@/components/time/zoned-time";
import { RetryRunButton } from "./retry-run-button";
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
export function RunHistoryTable({ runs, timeZone, now }: { runs: Run[]; timeZone: string; now: Date }) {
  const newest = runs[0]?.id;
  return (
    <table className="stacked-table mt-3 w-full text-left text-sm" data-testid="run-history">
      <thead className="text-xs text-slate-500">
        <tr>
          <th className="py-1 pr-3 font-medium">Started</th>
          <th className="pr-3 font-medium">Run</th>
          <th className="pr-3 font-medium">Outcome</th>
          <th className="pr-3 font-medium">Contacts</th>
          <th className="pr-3 font-medium">Duration</th>
          <th className="font-medium">API calls</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {runs.map((r) => {
          const outcome = runOutcome(r);
          const retry = r.id === newest && (r.status === "FAILED" || r.status === "INTERRUPTED");
          return (
            <tr key={r.id} className="align-top" data-testid="run-row" data-status={r.status}>
              <td className="py-2 pr-3 whitespace-nowrap" data-label="Started">
                <ZonedTime at={r.startedAt} timeZone={timeZone} now={now} />
              </td>
              <td className="py-2 pr-3" data-label="Run">
                {KIND[r.kind]}
                <span className="block text-xs text-slate-500">{TRIGGER[r.trigger]}</span>
              </td>
              <td className="py-2 pr-3" data-label="Outcome" data-testid="run-outcome">
                <span className={`inline-block rounded px-2 py-0.5 text-xs font-semibold ${TONE[outcome.tone]}`}>
                  {outcome.label}
                </span>
                {outcome.reason && <span className="mt-1 block max-w-md text-xs text-slate-700">{outcome.reason}</span>}
                {retry && (
                  <span className="mt-1 block">
                    <RetryRunButton />
                  </span>
                )}
              </td>
              <td className={`py-2 pr-3 ${outcome.stoppedEarly ? "text-slate-500" : ""}`} data-label="Contacts">
                {outcome.stoppedEarly ? `Before it stopped: ${contacts(r)}` : contacts(r)}
              </td>
              <td className="py-2 pr-3 whitespace-nowrap" data-label="Duration">
                {duration(r.startedAt, r.finishedAt)}
              </td>
              <td className="py-2" data-label="API calls">
                {r.apiCalls.toLocaleString()}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
