import type { SyncStatus } from "@/lib/sync/status/sync-status";

type Running = NonNullable<SyncStatus["running"]>;

/** Below this much done, or this soon after the start, a rate says nothing yet: no estimate. */
const MIN_DONE_SHARE = 0.01;
const MIN_ELAPSED_MS = 5_000;

/**
 * How far a run is, in contacts: those the provider has finished importing, plus the share of the batch it is
 * importing now (its activity percent), out of everything the run has to send; and the time left at the rate so
 * far. `now` is the server's clock from the same status read.
 */
export function runProgress(
  run: Running,
  now: Date,
): { done: number; total: number; percent: number; remainingMs: number | null } {
  const total = Math.max(run.total, run.sent, 1);
  const inFlight = Math.max(0, run.sent - run.confirmed);
  const importing = run.phase === "importing" ? (inFlight * Math.min(100, run.activityPercent)) / 100 : 0;
  const done = Math.min(total, Math.floor(run.confirmed + importing));
  const elapsed = now.getTime() - new Date(run.startedAt).getTime();
  const remainingMs =
    done >= total * MIN_DONE_SHARE && done > 0 && elapsed >= MIN_ELAPSED_MS
      ? Math.round((elapsed / done) * (total - done))
      : null;
  return { done, total, percent: Math.floor((done / total) * 100), remainingMs };
}

/** "about 3 min left", "less than a minute left", "about 2 h left". */
export function describeRemaining(ms: number | null): string | null {
  if (ms === null) return null;
  if (ms < 60_000) return "less than a minute left";
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `about ${minutes} min left`;
  return `about ${Math.round(minutes / 60)} h left`;
}
