import Link from "next/link";
import type { ActionResult } from "@/lib/actions/action-client";
import type { SyncHistory } from "@/lib/sync/status/sync-history";
import type { SyncStatus } from "@/lib/sync/status/sync-status";
import { DailySyncChart } from "./daily-sync-chart";
import { RetryButton } from "./retry-button";
import { SyncStatusPanel } from "./sync-status-panel";

const KIND = { FULL: "Full sync", DELTA: "Changes", UNSUBSCRIBE_PULL: "Unsubscribe check", RECONCILE: "Reconcile" } as const;
const TRIGGER = { LIST_SAVED: "List saved", RECONNECTED: "Reconnected", CLIENT_CHANGE: "Client changes", SCHEDULE: "Schedule", MANUAL: "Sync now", RETRY: "Retry" } as const;
const OUTCOME = { RUNNING: "Running", SUCCEEDED: "Succeeded", PARTIAL: "Partly failed", FAILED: "Failed", CANCELLED: "Cancelled", PAUSED: "Paused", INTERRUPTED: "Interrupted" } as const;

function duration(start: Date, end: Date | null): string {
  if (!end) return "…";
  const seconds = Math.round((end.getTime() - start.getTime()) / 1000);
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** The sync status panel, failures and run history; the page loads the data (components never query). */
export function SyncSection({
  status,
  history,
  pagePath,
  syncNow,
  retryFailed,
}: {
  status: SyncStatus;
  history: SyncHistory;
  pagePath: string;
  syncNow: (input: Record<string, never>) => Promise<ActionResult<null>>;
  retryFailed: (input: { clientId?: string }) => Promise<ActionResult<{ retried: number }>>;
}) {
  return (
    <>
      <SyncStatusPanel initial={status} syncNow={syncNow} />

      {history.failures.total > 0 && (
        <section aria-labelledby="failures-title" className="mt-6 rounded-lg border border-red-200 bg-white p-5">
          <div className="flex items-center gap-3">
            <h2 id="failures-title" className="text-lg font-medium">Failures ({history.failures.total.toLocaleString()})</h2>
            <span className="ml-auto"><RetryButton label="Retry all failed" retry={retryFailed} /></span>
          </div>
          <ul className="mt-3 divide-y divide-slate-100 text-sm">
            {history.failures.clients.map((f) => (
              <li key={f.clientId} className="flex flex-wrap items-center gap-3 py-2" data-testid="failed-client">
                <Link href={`/clients/${f.clientId}`} className="font-medium text-brand hover:underline">
                  {f.client.firstName} {f.client.lastName}
                </Link>
                <span className="text-slate-600">{f.lastError ?? "Constant Contact did not accept this client."}</span>
                <span className="ml-auto"><RetryButton label="Retry" clientId={f.clientId} retry={retryFailed} /></span>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="history-title" className="mt-6 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="history-title" className="text-lg font-medium">Run history</h2>
        <DailySyncChart days={history.days} />
        {history.runs.length === 0 ? (
          <p className="mt-3 text-sm text-slate-600">No sync has run yet.</p>
        ) : (
          <div className="mt-3 overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="run-history">
              <thead className="text-xs text-slate-500">
                <tr>
                  <th className="py-1 pr-3">Started</th><th className="pr-3">Kind</th><th className="pr-3">Trigger</th><th className="pr-3">Duration</th>
                  <th className="pr-3">Sent</th><th className="pr-3">Added</th><th className="pr-3">Updated</th><th className="pr-3">Removed</th><th className="pr-3">Unsubscribes</th><th className="pr-3">Failed</th>
                  <th className="pr-3">API calls</th><th>Outcome</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {history.runs.map((r) => (
                  <tr key={r.id}>
                    <td className="py-1 pr-3 whitespace-nowrap">{r.startedAt.toLocaleString("en-US", { timeZone: "UTC" })} UTC</td>
                    <td className="pr-3">{KIND[r.kind]}</td>
                    <td className="pr-3">{TRIGGER[r.trigger]}</td>
                    <td className="pr-3">{duration(r.startedAt, r.finishedAt)}</td>
                    <td className="pr-3">{r.sent}</td>
                    <td className="pr-3">{r.added}</td>
                    <td className="pr-3">{r.updated}</td>
                    <td className="pr-3">{r.removed}</td>
                    <td className="pr-3">{r.unsubscribesPulled}</td>
                    <td className="pr-3">{r.failed}</td>
                    <td className="pr-3">{r.apiCalls}</td>
                    <td title={r.error ?? undefined}>{OUTCOME[r.status]}{r.error ? `: ${r.error}` : ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <nav aria-label="Run history pages" className="mt-3 flex gap-4 text-sm">
          {history.paged && <Link href={pagePath} className="text-brand hover:underline">Newest runs</Link>}
          {history.nextCursor && <Link href={`${pagePath}?runsBefore=${encodeURIComponent(history.nextCursor)}`} className="text-brand hover:underline">Older runs</Link>}
        </nav>
      </section>
    </>
  );
}
