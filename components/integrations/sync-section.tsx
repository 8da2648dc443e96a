import Link from "next/link";
import type { SyncHistory } from "@/lib/sync/status/sync-history";
import type { SyncStatus } from "@/lib/sync/status/sync-status";
import { PROVIDER_WORDS } from "@/lib/provider-words";
import { DailySyncChart } from "./daily-sync-chart";
import { RetryButton } from "./retry-button";
import { RunHistoryTable } from "./run-history-table";
import { SyncStatusPanel } from "./sync-status-panel";

/** The sync status panel, failures and run history; the page loads the data (components never query). */
export function SyncSection({ status, history }: { status: SyncStatus; history: SyncHistory }) {
  const { provider } = status;
  const { name, path: pagePath } = PROVIDER_WORDS[provider];
  return (
    <>
      <SyncStatusPanel initial={status} />

      {history.failures.total > 0 && (
        <section aria-labelledby="failures-title" className="mt-6 rounded-lg border border-red-200 bg-white p-5">
          <div className="flex items-center gap-3">
            <h2 id="failures-title" className="text-lg font-medium">
              Failures ({history.failures.total.toLocaleString()})
            </h2>
            <span className="ml-auto">
              <RetryButton provider={provider} label="Retry all failed" target="failed-clients" />
            </span>
          </div>
          <ul className="mt-3 divide-y divide-slate-100 text-sm">
            {history.failures.clients.map((f) => (
              <li key={f.clientId} className="flex flex-wrap items-center gap-3 py-2" data-testid="failed-client">
                <Link href={`/clients/${f.clientId}`} className="font-medium text-brand hover:underline">
                  {f.client.firstName} {f.client.lastName}
                </Link>
                <span className="text-slate-600">{f.lastError ?? `${name} did not accept this client.`}</span>
                <span className="ml-auto">
                  <RetryButton provider={provider} target={{ clientId: f.clientId }} />
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="history-title" className="mt-6 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="history-title" className="text-lg font-medium">
          Run history
        </h2>
        <DailySyncChart days={history.days} />
        <RunHistoryTable provider={provider} runs={history.runs} timeZone={history.timeZone} now={history.now} />
        <nav aria-label="Run history pages" className="mt-3 flex gap-4 text-sm">
          {history.paged && (
            <Link href={pagePath} className="text-brand hover:underline">
              Newest runs
            </Link>
          )}
          {history.nextCursor && (
            <Link
              href={`${pagePath}?runsBefore=${encodeURIComponent(history.nextCursor)}`}
              className="text-brand hover:underline"
            >
              Older runs
            </Link>
          )}
        </nav>
      </section>
    </>
  );
}
