// Runs: the SyncRun rows staff read as the history, and how their executors prove they are alive.
//
// Liveness is SyncRun.leaseExpiresAt, renewed by every step of the run. The executor of a run (an Inngest step, the
// local runner) can vanish without a word (a crash, `kill -9`, an engine that gave up), so a RUNNING row alone says
// nothing; a RUNNING row whose lease has expired has no executor left and is closed as INTERRUPTED.
import { openIncident } from "../alerts/incidents";
import { db, withoutWaitingForDisk } from "../db";
import type { Prisma, SyncRunKind, SyncRunStatus, SyncRunTrigger } from "../generated/prisma/client";
import type { StopReason } from "../integrations/provider";
import { requestMailDelivery } from "../jobs/send-event";
import { adapterFor } from "./providers";

/**
 * Longer than any one step takes (a batch of 40,000 rows with the API client's own retries), and than the gap an
 * engine leaves between two steps. Planned pauses (a wait for a batch) and step retries are added on top.
 */
export const RUN_LEASE_MS = 5 * 60_000;

/** Covers the engine's wait before retrying a failed step (Inngest's backoff grows to minutes). */
export const STEP_RETRY_ALLOWANCE_MS = 30 * 60_000;

export const INTERRUPTED_REASON =
  "The sync stopped before it finished (the process running it ended). Nothing was lost: its changes are still pending and go out with the next sync.";

/** The counts a run accumulates across its steps. */
export type RunCounts = Partial<{
  considered: number;
  sent: number;
  added: number;
  updated: number;
  removed: number;
  unsubscribesPulled: number;
  failed: number;
  skipped: number;
  apiCalls: number;
}>;

export function leaseUntil(now: Date, holdMs = 0): Date {
  return new Date(now.getTime() + holdMs + RUN_LEASE_MS);
}

/** Opens a run with its first lease; `attempts` 0 for a run whose work counts its own attempts. */
export async function createRun(
  input: {
    businessId: string;
    connectionId: string;
    kind: SyncRunKind;
    trigger: SyncRunTrigger;
    total?: number;
    attempts?: number;
  },
  now = new Date(),
) {
  return db.syncRun.create({
    data: { ...input, total: input.total ?? 0, phase: "starting", leaseExpiresAt: leaseUntil(now) },
    select: { id: true },
  });
}

/** The counts as increments of their columns (zero counts left out). */
export function incrementsOf(counts: RunCounts) {
  return Object.fromEntries(
    Object.entries(counts)
      .filter(([, v]) => v)
      .map(([k, v]) => [k, { increment: v }]),
  );
}

/** Where a run is, for the page that shows it. */
export type RunProgress = { phase?: string; activityPercent?: number };

/**
 * Records counts (and progress) into a run. At once by default (addToRun); a push step passes one that holds them
 * for the statement that ends the step (renewLease).
 */
export type RunRecorder = (counts: RunCounts, progress?: RunProgress) => Promise<void>;

export async function addToRun(runId: string, counts: RunCounts, progress: RunProgress = {}) {
  // A run's progress, and its lease below, are bookkeeping: their commits do not wait for the disk (lib/db.ts); a
  // crash of the database may lose the last of them, never what happened to a client.
  await withoutWaitingForDisk(
    db.syncRun.update({ where: { id: runId }, data: { ...incrementsOf(counts), ...progress } }),
  );
}

/**
 * Ends a run, adding the counts of the work that ends it (its API calls, what a pull found) in the same statement.
 * A run cancelled by a disconnect stays cancelled: only a RUNNING run (or a SENT one, once its answer is read) is
 * finished here; one closed meanwhile still gets the counts, on their own.
 */
export async function finishRun(
  runId: string,
  status: Exclude<SyncRunStatus, "RUNNING" | "SENT">,
  options: { error?: string; counts?: RunCounts } = {},
) {
  const increments = incrementsOf(options.counts ?? {});
  const { count } = await db.syncRun.updateMany({
    where: { id: runId, status: { in: ["RUNNING", "SENT"] } },
    data: {
      ...increments,
      status,
      error: options.error?.slice(0, 2_000) ?? null,
      finishedAt: new Date(),
      phase: "done",
    },
  });
  if (count === 0 && Object.keys(increments).length > 0) await addToRun(runId, options.counts!);
}

/**
 * Ends a push run whose batches are all answered: SUCCEEDED, or PARTIAL when some of its clients failed; none is
 * awaited any more. Most runs have no failures, and take one statement. Like finishRun, only a RUNNING or SENT run.
 */
export async function finishPushedRun(runId: string): Promise<void> {
  const closable = { id: runId, status: { in: ["RUNNING" as const, "SENT" as const] } };
  const done = { error: null, finishedAt: new Date(), phase: "done", awaitingBatchIds: [] };
  const { count } = await db.syncRun.updateMany({
    where: { ...closable, failed: 0 },
    data: { ...done, status: "SUCCEEDED" },
  });
  if (count === 0)
    await db.syncRun.updateMany({ where: { ...closable, failed: { gt: 0 } }, data: { ...done, status: "PARTIAL" } });
}

/** Counts API calls in memory during a step and adds them to the run once (one write, not one per call). */
export function callCounter() {
  let calls = 0;
  return {
    onCall: () => {
      calls++;
    },
    get calls() {
      return calls;
    },
  };
}

/**
 * Extends a running run's lease past `holdMs` (a pause the run is about to take, or a retry's backoff) plus the
 * lease itself, adding what the step that ends here recorded last (its API calls, its batch's counts and progress)
 * in the same statement. Says false when the run is no longer RUNNING (closed meanwhile: cancelled, interrupted), and
 * the executor should then stop; such a run still gets the counts and progress, on their own.
 */
export async function renewLease(
  runId: string,
  holdMs = 0,
  recorded: { counts?: RunCounts; progress?: RunProgress } = {},
): Promise<boolean> {
  const counts = recorded.counts ?? {};
  const progress = recorded.progress ?? {};
  const increments = incrementsOf(counts);
  const { count } = await withoutWaitingForDisk(
    db.syncRun.updateMany({
      where: { id: runId, status: "RUNNING" },
      data: { ...increments, ...progress, leaseExpiresAt: leaseUntil(new Date(), holdMs) },
    }),
  );
  if (count === 0 && Object.keys({ ...increments, ...progress }).length > 0) await addToRun(runId, counts, progress);
  return count > 0;
}

/** A run that is RUNNING and has an executor (no lease: a row written without one, taken as alive). */
export function liveRunWhere(now: Date): Prisma.SyncRunWhereInput {
  return { status: "RUNNING", OR: [{ leaseExpiresAt: null }, { leaseExpiresAt: { gt: now } }] };
}

/** Which runs to look at: one business (its status), one connection (Sync now), or every business (the sweeps). */
export type RunScope = { businessId: string } | { connectionId: string } | { allBusinesses: true };

/**
 * Closes RUNNING runs whose lease has expired as INTERRUPTED, with the reason. Their clients were never marked
 * synced (that happens only when a batch is confirmed), so they stay pending and the next run takes them. Called
 * when the local runner starts, at every scheduler tick, by the reconcile sweep, and before Sync now. Returns how
 * many were closed.
 */
export async function closeInterruptedRuns(scope: RunScope, now = new Date()): Promise<number> {
  const { count } = await db.syncRun.updateMany({
    where: {
      ...("businessId" in scope ? { businessId: scope.businessId } : {}),
      ...("connectionId" in scope ? { connectionId: scope.connectionId } : {}),
      status: "RUNNING",
      leaseExpiresAt: { lte: now },
    },
    data: { status: "INTERRUPTED", error: INTERRUPTED_REASON, finishedAt: now, phase: "done" },
  });
  return count;
}

/**
 * A push job gave up after all its retries (Inngest's onFailure, or the local runner's last attempt): the
 * connection's running push run is closed as FAILED with the error, and the owners hear about it once per incident
 * (a later finished run ends it). The clients stay pending, so nothing is lost.
 */
export async function failRunAfterRetries(connectionId: string, error: string): Promise<void> {
  const message = error.slice(0, 500);
  const alerts = await db.$transaction(async (tx) => {
    const connection = await tx.connection.findUnique({
      where: { id: connectionId },
      select: { businessId: true, provider: true },
    });
    if (!connection) return [];
    await tx.syncRun.updateMany({
      where: { connectionId, status: "RUNNING", kind: { not: "UNSUBSCRIBE_PULL" } },
      data: { status: "FAILED", error: `Failed after retries: ${message}`, finishedAt: new Date(), phase: "done" },
    });
    return openIncident(tx, { ...connection, kind: "RUN_FAILED", details: { error: message } });
  });
  await requestMailDelivery(alerts);
}

/**
 * Errors that end a run on purpose (as opposed to transient ones, which are thrown so the step is retried with
 * backoff), as the connection's provider classifies them: the connection needs reconnecting (clients stay pending
 * and go out after reconnect), or the provider's daily budget is spent, for one business (it pauses alone) or for
 * every connection of the provider (the quota belongs to the platform's API key). Returns whether the run ended;
 * `counts` (the failed step's API calls) go into it as it ends.
 */
export async function endRunOnPermanentError(
  runId: string,
  connection: { id: string; businessId: string; provider: Parameters<typeof adapterFor>[0] },
  error: unknown,
  counts: RunCounts = {},
): Promise<boolean> {
  const stop: StopReason | null = adapterFor(connection.provider).stopReason(error);
  if (!stop) return false;
  if (stop.kind === "reconnect") {
    await finishRun(runId, "FAILED", { error: stop.message, counts });
    return true;
  }
  if (stop.scope === "business") {
    await db.connection.updateMany({
      where: { id: connection.id, status: "ACTIVE" },
      data: { quotaPausedUntil: stop.resumeAt },
    });
  } else await pauseProvider(connection.provider, stop.resumeAt);
  await finishRun(runId, "PAUSED", { error: stop.message, counts });
  return true;
}

/** Every active connection of the provider waits until `until`, and every business's owners hear it once. */
export async function pauseProvider(provider: Parameters<typeof adapterFor>[0], until: Date): Promise<void> {
  const alerts = await db.$transaction(async (tx) => {
    const paused = await tx.connection.findMany({
      where: { provider, status: "ACTIVE" },
      select: { businessId: true },
    });
    await tx.connection.updateMany({ where: { provider, status: "ACTIVE" }, data: { quotaPausedUntil: until } });
    const resumeAt = until.toISOString().slice(0, 16).replace("T", " ");
    const ids: string[] = [];
    for (const { businessId } of paused)
      ids.push(...(await openIncident(tx, { businessId, provider, kind: "QUOTA_PAUSED", details: { resumeAt } })));
    return ids;
  });
  await requestMailDelivery(alerts);
}
