"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { useServerAction } from "@/components/ui/use-server-action";
import { Message } from "@/components/ui/message";
import { syncNow } from "@/lib/server-actions/integrations";
import { ZonedTime } from "@/components/time/zoned-time";
import type { SyncStatus } from "@/lib/sync/status/sync-status";
import type { Provider } from "@/lib/generated/prisma/enums";
import { PROVIDER_WORDS } from "@/lib/provider-words";
import { AttentionText } from "./attention-text";
import { PROVIDER_COPY } from "./provider-copy";
import { describeRemaining, runProgress } from "./run-progress";

/** Each count, and the Clients list filter that shows those clients (null: no filter for it). */
const countLabels = (provider: Provider): [keyof SyncStatus["counts"], string, string | null][] => [
  ["inList", "In the list", "in_list"],
  ["pending", "Pending", "pending"],
  ["failed", "Failed", "failed"],
  ["notOptedIn", "Not opted in", "not_opted_in"],
  ["unsubscribedInProvider", `Unsubscribed in ${PROVIDER_WORDS[provider].name}`, "unsubscribed_in_provider"],
  ["withoutEmail", "Without email", null],
  ["bouncing", "Email bouncing", "bouncing"],
];

const phases = (provider: Provider): Record<string, string> => ({
  starting: "Starting",
  sending: "Sending contacts",
  importing: `${PROVIDER_WORDS[provider].name} is importing`,
  done: "Finishing",
});

async function fetchStatus(provider: Provider): Promise<SyncStatus> {
  const response = await fetch(`/api/integrations/${PROVIDER_WORDS[provider].slug}/status`, { cache: "no-store" });
  if (!response.ok) throw new Error("Could not load the sync status.");
  return response.json();
}

function NextWork({ status }: { status: SyncStatus }) {
  const work = status.nextWork;
  if (!work) return <>Nothing scheduled</>;
  const time = (at: string) => <ZonedTime at={at} timeZone={status.timeZone} now={status.checkedAt} />;
  if ("resumesAt" in work) return <>Resumes {time(work.resumesAt)}</>;
  const plural = (n: number) => `${n.toLocaleString()} change${n === 1 ? "" : "s"}`;
  const changes = work.pendingChanges > 0 ? `${plural(work.pendingChanges)} waiting to be sent; ` : "";
  const sent =
    work.sentAwaitingAnswer > 0
      ? `${plural(work.sentAwaitingAnswer)} sent, ${PROVIDER_WORDS[status.provider].name}'s answer read at the `
      : "";
  return (
    <>
      {changes}
      {sent}unsubscribe check {work.unsubscribeCheckAt === "due" ? "due now" : time(work.unsubscribeCheckAt)}
    </>
  );
}

/** How often changes go when the day's plan batches them (the wait the push job keeps between a connection's runs). */
function batchingSentence(everyMinutes: number): string {
  if (everyMinutes >= 24 * 60) return "Today's sending limit is used up: changes are sent after midnight (UTC).";
  const every = everyMinutes < 120 ? `${everyMinutes} minutes` : `${Math.round(everyMinutes / 30) / 2} hours`;
  return `Changes are sent about every ${every} today.`;
}

/**
 * Sync status at a glance. Polls while a run is in progress (and briefly after Sync now, until the run shows up),
 * and stops polling when idle; when a run ends, the page refreshes so the history below shows it.
 */
export function SyncStatusPanel({ initial }: { initial: SyncStatus }) {
  const router = useRouter();
  const [expectRunUntil, setExpectRunUntil] = useState(0);
  const [started, setStarted] = useState(false);
  const sync = useServerAction(syncNow);
  const { data, isError: unavailable } = useQuery({
    queryKey: ["sync-status", initial.provider],
    queryFn: () => fetchStatus(initial.provider),
    initialData: initial,
    refetchInterval: (query) => (query.state.data?.running || Date.now() < expectRunUntil ? 1_500 : false),
  });
  const status = data ?? initial;
  const wasRunning = useRef(Boolean(initial.running));
  useEffect(() => {
    if (wasRunning.current && !status.running) router.refresh();
    wasRunning.current = Boolean(status.running);
  }, [status.running, router]);

  const blocked = status.running ? (
    "A sync is running now."
  ) : status.attention ? (
    <AttentionText attention={status.attention} timeZone={status.timeZone} now={status.checkedAt} />
  ) : status.connection?.status !== "ACTIVE" ? (
    `Connect ${PROVIDER_WORDS[status.provider].name} and choose a ${PROVIDER_WORDS[status.provider].list} first.`
  ) : null;
  const run = status.running;
  const progress = run ? runProgress(run, new Date(status.checkedAt)) : null;
  const remaining = progress ? describeRemaining(progress.remainingMs) : null;

  return (
    <section
      aria-labelledby="sync-status-title"
      className="mt-6 rounded-lg border border-slate-200 bg-white p-5"
      data-testid="sync-status"
    >
      <div className="flex flex-wrap items-center gap-3">
        <h2 id="sync-status-title" className="text-lg font-medium">
          Sync status
        </h2>
        <div className="ml-auto flex items-center gap-3">
          {blocked && (
            <span className="text-sm text-slate-500" data-testid="sync-now-reason">
              {blocked}
            </span>
          )}
          <Button
            disabled={Boolean(blocked) || sync.pending}
            onClick={async () => {
              setStarted(false);
              const result = await sync.execute({ provider: status.provider });
              setStarted(result.ok);
              if (result.ok) setExpectRunUntil(Date.now() + 15_000);
            }}
          >
            Sync now
          </Button>
        </div>
      </div>
      {started && (
        <p role="status" className="mt-2 text-sm text-slate-700">
          Sync started.
        </p>
      )}
      <Message tone="error" className="mt-2">
        {sync.error}
      </Message>
      {/* A failed poll (the database out of reach answers 503) leaves the last figures on screen: say they may be old. */}
      <Message tone="warning" boxed className="mt-3" testId="sync-status-unavailable">
        {unavailable && "Sync status is unavailable right now. The figures below may be out of date."}
      </Message>
      {/* A reconnect request already has its own box above, with the Reconnect button. */}
      <Message tone="warning" boxed className="mt-3">
        {status.attention && status.attention.kind !== "reconnect" && (
          <AttentionText attention={status.attention} timeZone={status.timeZone} now={status.checkedAt} />
        )}
      </Message>

      {run && progress && (
        <div className="mt-4" data-testid="sync-progress">
          <p className="text-sm text-slate-700">
            {phases(status.provider)[run.phase ?? "starting"] ?? run.phase}:{" "}
            <strong>{progress.done.toLocaleString()}</strong> of {progress.total.toLocaleString()} contacts done
            {remaining ? ` · ${remaining}` : ""}
            {run.phase === "importing"
              ? ` · ${PROVIDER_WORDS[status.provider].name} is importing a batch (${run.activityPercent}%)`
              : ""}
          </p>
          <div
            role="progressbar"
            aria-label="Sync progress"
            aria-valuemin={0}
            aria-valuemax={progress.total}
            aria-valuenow={progress.done}
            aria-valuetext={`${progress.done.toLocaleString()} of ${progress.total.toLocaleString()} contacts${remaining ? `, ${remaining}` : ""}`}
            className="mt-1 h-3 rounded bg-slate-200"
          >
            <div className="h-3 rounded bg-brand transition-all" style={{ width: `${progress.percent}%` }} />
          </div>
        </div>
      )}

      <dl className="mt-4 grid gap-y-1 text-sm sm:grid-cols-[14rem_1fr]">
        <dt className="text-slate-500">Last successful sync</dt>
        <dd data-testid="last-sync">
          {status.lastSuccessfulSyncAt ? (
            <ZonedTime at={status.lastSuccessfulSyncAt} timeZone={status.timeZone} now={status.checkedAt} />
          ) : (
            "Never"
          )}
        </dd>
        <dt className="text-slate-500">Next scheduled work</dt>
        <dd data-testid="next-work">
          <NextWork status={status} />
        </dd>
        {PROVIDER_COPY[status.provider].showsBounceCheck && (
          <>
            <dt className="text-slate-500">Bounces last checked</dt>
            <dd data-testid="bounces-checked">
              {status.bouncesCheckedAt ? (
                <ZonedTime at={status.bouncesCheckedAt} timeZone={status.timeZone} now={status.checkedAt} />
              ) : (
                "Not yet"
              )}
            </dd>
          </>
        )}
      </dl>
      {status.changesSentEveryMinutes !== null && (
        <p className="mt-2 text-sm text-slate-700" data-testid="push-batching">
          {batchingSentence(status.changesSentEveryMinutes)} Many businesses share the daily limit of requests, so
          changes made close together go in one batch; Sync now sends at once.
        </p>
      )}
      <ul className="mt-4 grid grid-cols-2 gap-3 sm:grid-cols-3" aria-label="Client counts">
        {countLabels(status.provider).map(([key, label, filter]) => (
          <li key={key} className="rounded-md bg-slate-50 px-3 py-2" data-testid={`count-${key}`}>
            <span className="block text-xl font-semibold">{status.counts[key].toLocaleString()}</span>
            {filter && status.counts[key] > 0 ? (
              <Link
                href={`/clients?sync=${filter}&via=${PROVIDER_WORDS[status.provider].slug}`}
                className="text-xs text-brand underline"
              >
                {label}
              </Link>
            ) : (
              <span className="text-xs text-slate-600">{label}</span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
