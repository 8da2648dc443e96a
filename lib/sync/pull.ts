// Pulls: reading unsubscribes and bounces back from a connection's provider on a schedule, and the scheduler tick
// that fans them out. A provider with webhooks (Mailchimp) tells us at once; its pull is the fallback that catches a
// missed webhook, so it runs at a fixed interval. A provider without (Constant Contact) is pulled as often as the
// day's API budget allows.
import { checkUnsubscribePulls } from "../alerts/check-unsubscribe-pulls";
import { db } from "../db";
import { jobsEnv } from "../env";
import type { Provider } from "../generated/prisma/client";
import { callsToday } from "../integrations/call-ledger";
import type { ProviderSession } from "../integrations/provider";
import { unsubscribePullRequested, type UnsubscribePullRequest } from "../jobs/events";
import { requestSync } from "../jobs/request-sync";
import { sendEvent } from "../jobs/send-event";
import type { HandlerArgs, SyncStep } from "../jobs/step";
import {
  BOUNCE_PULL_INTERVAL_MINUTES,
  connectionPullIntervals,
  duePulls,
  nextUnsubscribeRate,
  pullIntervalForDay,
  type PullCandidate,
} from "./pull-schedule";
import { settleSentRuns } from "./push";
import { settleWithoutCall } from "./push-batch";
import { applyRemoteChanges, recordPulledBounces, type ConnectionOf } from "./remote-changes";
import { adapterFor } from "./providers";
import {
  addToRun,
  callCounter,
  closeInterruptedRuns,
  createRun,
  endRunOnPermanentError,
  finishRun,
  leaseUntil,
  renewLease,
  STEP_RETRY_ALLOWANCE_MS,
} from "./runs";

/** Unsubscribes seen again within this window of the watermark are re-applied harmlessly (idempotent). */
const OVERLAP_MS = 60 * 60 * 1000;
export const PULL_TICK_MINUTES = 5;
/** How far back the first bounce pull of a connection reads campaigns. */
const FIRST_BOUNCE_PULL_DAYS = 30;
/** A provider whose webhooks report unsubscribes at once is pulled this often, to catch a missed webhook. */
export const WEBHOOK_FALLBACK_PULL_MINUTES = 60;

const ACTIVE = (now: Date) => ({
  status: "ACTIVE" as const,
  listId: { not: null },
  OR: [{ quotaPausedUntil: null }, { quotaPausedUntil: { lte: now } }],
});

/**
 * The unsubscribe-pull interval of a provider's connections right now. Constant Contact's comes from the number of
 * active connections and what their last pulls actually cost (an account with many unsubscribed contacts needs more
 * pages), against what is left of the day's budget (CC_DAILY_CALL_BUDGET) by the ledger of calls made today.
 */
export async function currentPullInterval(
  provider: Provider = "CONSTANT_CONTACT",
  now = new Date(),
): Promise<{ activeConnections: number; intervalMinutes: number }> {
  const stats = await db.connection.aggregate({
    where: { provider, ...ACTIVE(now) },
    _count: { _all: true },
    _avg: { lastUnsubscribePullCalls: true },
  });
  const activeConnections = stats._count._all;
  if (!adapterFor(provider).pullsWithinDailyBudget)
    return { activeConnections, intervalMinutes: WEBHOOK_FALLBACK_PULL_MINUTES };
  const callsPerPull = stats._avg.lastUnsubscribePullCalls ?? undefined;
  const dailyBudget = jobsEnv().CC_DAILY_CALL_BUDGET;
  const today = await callsToday(db, provider, now);
  const minutesIntoDay = (now.getTime() - Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())) / 60_000;
  const intervalMinutes = pullIntervalForDay({
    activeConnections,
    dailyBudget,
    callsPerPull,
    usedToday: today.total,
    pushUsedToday: (today.byKind.PUSH ?? 0) + (today.byKind.RECONCILE ?? 0),
    minutesIntoDay,
  });
  return { activeConnections, intervalMinutes };
}

/**
 * The provider's active connections as the pull schedule sees them, with the platform's interval; each one's own
 * interval follows from them (pull-schedule.ts connectionPullIntervals).
 */
async function pullCandidates(provider: Provider, now: Date) {
  const { activeConnections, intervalMinutes } = await currentPullInterval(provider, now);
  const rows = await db.connection.findMany({
    where: { provider, ...ACTIVE(now) },
    select: { id: true, lastUnsubscribePullAt: true, unsubscribesPerDay: true, lastUnsubscribePullCalls: true },
  });
  const candidates: PullCandidate<string>[] = rows.map((r) => ({
    id: r.id,
    lastPullAt: r.lastUnsubscribePullAt ? r.lastUnsubscribePullAt.getTime() / 60_000 : null,
    unsubscribesPerDay: r.unsubscribesPerDay,
    callsPerPull: r.lastUnsubscribePullCalls,
  }));
  // Only a pull within the daily budget is spent by rate; a webhook's fallback pull is even.
  const weighted = adapterFor(provider).pullsWithinDailyBudget;
  const lastPullAt = new Map(rows.map((r) => [r.id, r.lastUnsubscribePullAt]));
  return { activeConnections, intervalMinutes, candidates, weighted, lastPullAt };
}

/** A pull the scheduler fans out, with the connection's last pull as it saw it (ISO; null: never pulled). */
export type DuePull = { connectionId: string; seenPullAt: string | null };

/**
 * The connections whose pull is due this tick, per provider: each by its own interval, the most overdue first.
 */
export async function dueUnsubscribePulls(input: { tickMinutes: number }, now = new Date()): Promise<DuePull[]> {
  const due: DuePull[] = [];
  for (const provider of ["CONSTANT_CONTACT", "MAILCHIMP"] as const) {
    const { activeConnections, lastPullAt, ...schedule } = await pullCandidates(provider, now);
    if (activeConnections === 0) continue;
    for (const id of duePulls(schedule.candidates, { ...schedule, now: now.getTime() / 60_000, ...input }))
      due.push({ connectionId: id, seenPullAt: lastPullAt.get(id)?.toISOString() ?? null });
  }
  return due;
}

/** A connection's own pull interval now, in minutes (null when it is not active). */
export async function connectionPullInterval(
  connection: { id: string; provider: Provider },
  now = new Date(),
): Promise<number | null> {
  const { candidates, intervalMinutes, weighted } = await pullCandidates(connection.provider, now);
  return connectionPullIntervals(candidates, { intervalMinutes, weighted }).get(connection.id) ?? null;
}

/**
 * Whether a scheduled pull finds its connection pulled since its fan-out looked: two scheduler ticks (two app
 * processes in local mode, or a tick retried by the engine) may fan out the same connection, and the pull that runs
 * second then finds the last pull moved. An event without what the fan-out saw (sent before the field existed) is
 * due.
 */
function pulledSinceFanOut(lastUnsubscribePullAt: Date | null, seenPullAt: string | null | undefined): boolean {
  if (seenPullAt === undefined || !lastUnsubscribePullAt) return false;
  return seenPullAt === null || lastUnsubscribePullAt.getTime() !== new Date(seenPullAt).getTime();
}

export type OpenedPull = { runId: string; businessId: string; provider: Provider } | { skipped: string };

/**
 * Opens the one SyncRun of a pull, in a step of its own: the pull step that follows may be retried (a 503 outage),
 * and every attempt then adds to this run instead of opening another. A scheduled pull whose connection was pulled
 * since its fan-out looked (another tick's pull of the connection ran first) opens nothing.
 */
export async function openPullRun(
  input: Pick<UnsubscribePullRequest, "connectionId" | "trigger" | "seenPullAt">,
  now = new Date(),
): Promise<OpenedPull> {
  const connection = await db.connection.findUnique({
    where: { id: input.connectionId },
    select: { id: true, businessId: true, provider: true, lastUnsubscribePullAt: true, listId: true },
  });
  if (!connection?.listId) return { skipped: "no such connection" };
  if (input.trigger === "SCHEDULE" && pulledSinceFanOut(connection.lastUnsubscribePullAt, input.seenPullAt))
    return { skipped: "pulled since it was scheduled" };
  const run = await createRun(
    {
      businessId: connection.businessId,
      connectionId: connection.id,
      kind: "UNSUBSCRIBE_PULL",
      trigger: input.trigger,
      attempts: 0,
    },
    now,
  );
  return { runId: run.id, businessId: connection.businessId, provider: connection.provider };
}

/**
 * Pulls unsubscribes (and bounces) from a connection's provider and opts the matching clients out (source: the
 * provider). The watermark moves only after the database commit, so a crash mid-scan repeats work instead of losing
 * it.
 *
 * One attempt of the pull run `runId`: it counts itself and its API calls into the run. A transient failure keeps the
 * run open with the error and is thrown, so the step is retried; the caller closes the run as FAILED when no
 * attempt is left.
 */
export async function pullUnsubscribes(
  input: { runId: string; connectionId: string; trigger?: UnsubscribePullRequest["trigger"] },
  session: ProviderSession,
  calls: { calls: number },
) {
  const started = await db.syncRun.updateMany({
    where: { id: input.runId, status: "RUNNING" },
    data: { attempts: { increment: 1 }, leaseExpiresAt: leaseUntil(new Date()) },
  });
  if (started.count === 0) return { runId: input.runId, unsubscribed: 0, seen: 0, stopped: "the run was closed" };
  // Read by the session with the credentials of its first call (the scan below), not once more here.
  const connection = await (session.connection?.() ?? db.connection.findUnique({ where: { id: input.connectionId } }));
  if (!connection) throw new Error(`The connection ${input.connectionId} is gone.`);
  const since = connection.unsubscribeWatermark
    ? new Date(connection.unsubscribeWatermark.getTime() - OVERLAP_MS)
    : null;
  try {
    const seen = await session.pullChanges({ listId: connection.listId!, since });
    let newest = connection.unsubscribeWatermark;
    for (const change of seen) if (!newest || change.at > newest) newest = change.at;
    // The account's rate for the schedule: what is newer than the last pull's newest (the overlap is read twice).
    const found = seen.filter((c) => !connection.unsubscribeWatermark || c.at > connection.unsubscribeWatermark).length;
    const pulled = {
      ...(connection.lastUnsubscribePullAt && {
        unsubscribesPerDay: nextUnsubscribeRate({
          previous: connection.unsubscribesPerDay,
          found,
          sinceLastPullMinutes: (Date.now() - connection.lastUnsubscribePullAt.getTime()) / 60_000,
        }),
      }),
      unsubscribeWatermark: newest,
      lastUnsubscribePullAt: new Date(),
      lastUnsubscribePullCalls: Math.max(1, calls.calls),
    };
    // With opt-outs, the watermark moves in their commit; a pull that found nothing (most) writes it alone.
    const changed =
      seen.length === 0
        ? await db.connection
            .update({ where: { id: connection.id }, data: pulled, select: { id: true } })
            .then(() => [])
        : await db.$transaction(
            async (tx) => {
              const ids = (await applyRemoteChanges(tx, connection, seen)).map((c) => c.id);
              await tx.connection.update({ where: { id: connection.id }, data: pulled, select: { id: true } });
              return ids;
            },
            { timeout: 60_000 },
          );
    // The opted-out clients get their "unsubscribed in <provider>" status here and now where that needs no call
    // (settleWithoutCall); the business's other lists drop them at their next push, and so does this one for the rest.
    if (changed.length > 0) {
      const target = { connectionId: connection.id, businessId: connection.businessId, provider: connection.provider };
      const left = await settleWithoutCall({ ...target, listId: connection.listId! }, changed);
      await requestSync(connection.businessId, "CLIENT_CHANGE", left > 0 ? {} : { except: connection.id });
    }
    // The answers to the pushes that only sent (a batching day), all in one call.
    await settleSentRuns(connection.id, session);
    const bouncesDue =
      input.trigger === "MANUAL" ||
      !connection.lastBouncePullAt ||
      Date.now() - connection.lastBouncePullAt.getTime() >= BOUNCE_PULL_INTERVAL_MINUTES * 60_000;
    const bounces = bouncesDue
      ? await pullBounces({ ...connection, listId: connection.listId! }, session, calls)
      : null;
    await finishRun(input.runId, "SUCCEEDED", {
      counts: { unsubscribesPulled: changed.length, considered: seen.length, apiCalls: calls.calls },
    });
    return { runId: input.runId, unsubscribed: changed.length, seen: seen.length, ...(bounces ?? {}) };
  } catch (error) {
    await addToRun(input.runId, { apiCalls: calls.calls }).catch(() => {});
    // Reconnect needed or budget spent: the run ends here (no retry would help); anything else is retried.
    if (await endRunOnPermanentError(input.runId, connection, error))
      return { runId: input.runId, unsubscribed: 0, seen: 0, stopped: (error as Error).message };
    await recordAttemptFailed(input.runId, error).catch(() => {});
    throw error;
  }
}

/**
 * The bounce part of a pull, after its unsubscribes (same session: the same limiter, ledger purpose and call count):
 * the bounces of the campaigns updated since the bounce watermark, recorded for the clients in our list. The
 * watermark moves in the same commit, so a crash before it reads the same campaigns again (recording is
 * idempotent). Null when the provider has no bounce pull or the connection was not granted it.
 */
export async function pullBounces(
  connection: ConnectionOf & { listId: string; scopes: string | null; bounceWatermark: Date | null },
  session: ProviderSession,
  calls: { calls: number },
): Promise<{ bouncesSeen: number; bouncesRecorded: number } | null> {
  if (!session.pullBounces || !adapterFor(connection.provider).canPullBounces?.(connection)) return null;
  // The first pull reads a month back, not the account's whole campaign history (each campaign costs calls).
  const since = connection.bounceWatermark ?? new Date(Date.now() - FIRST_BOUNCE_PULL_DAYS * 24 * 60 * 60 * 1000);
  const pulled = await session.pullBounces({ since });
  // Not a failure of the pull, and not a check either: the status keeps saying when bounces were last read.
  if ("refused" in pulled) return null;
  const { bounces, readUpTo } = pulled;
  const recorded = await db.$transaction(
    async (tx) => {
      const count = await recordPulledBounces(tx, connection, bounces);
      await tx.connection.update({
        where: { id: connection.id },
        data: {
          bounceWatermark: readUpTo ?? connection.bounceWatermark,
          lastBouncePullAt: new Date(),
          // The schedule budgets a pull by what the whole of it cost.
          lastUnsubscribePullCalls: Math.max(1, calls.calls),
        },
      });
      return count;
    },
    { timeout: 60_000 },
  );
  return { bouncesSeen: bounces.length, bouncesRecorded: recorded };
}

/** The last error stays on the run while it waits for its next attempt (the lease covers the engine's backoff). */
async function recordAttemptFailed(runId: string, error: unknown): Promise<void> {
  await db.syncRun.updateMany({
    where: { id: runId, status: "RUNNING" },
    data: { error: String((error as Error).message ?? error).slice(0, 2_000) },
  });
  await renewLease(runId, STEP_RETRY_ALLOWANCE_MS);
}

/**
 * The pull job of one connection. One pull is one SyncRun: opened in its own step (memoized by the engine), so the
 * pull step's retries (a 5xx outage) count as attempts of that run, with their API calls summed.
 */
export async function pullHandler({ event, step }: HandlerArgs<UnsubscribePullRequest>) {
  const { connectionId, trigger, seenPullAt } = event.data;
  const opened = await step.run("open-run", () => openPullRun({ connectionId, trigger, seenPullAt }));
  if ("skipped" in opened) return opened;
  const { runId, businessId, provider } = opened;
  // A pull asked for with Sync now has someone waiting on it; scheduled ones are background work.
  const purpose = { kind: trigger === "MANUAL" ? "INTERACTIVE" : "UNSUBSCRIBE_PULL", businessId } as const;
  try {
    return await step.run("pull", async () => {
      const counter = callCounter();
      const session = adapterFor(provider).session(connectionId, { onCall: counter.onCall, purpose });
      return pullUnsubscribes({ runId, connectionId, trigger }, session, counter);
    });
  } catch (error) {
    // Every attempt failed: the run ends with the last error (the engine reports the job as failed too).
    await step.run("fail-run", () => finishRun(runId, "FAILED", { error: (error as Error).message }));
    throw error;
  }
}

/** Every 5 minutes: fan out the pulls that are due, spread so the day's total fits the API budget. */
export async function schedulePullsHandler({ step }: { step: SyncStep }) {
  const due = await step.run("find-due", async () => {
    // The platform's frequent tick also closes runs whose executor is gone (expired lease), so a crashed run
    // shows as interrupted within minutes rather than at the daily reconcile sweep.
    await closeInterruptedRuns({ allBusinesses: true });
    return dueUnsubscribePulls({ tickMinutes: PULL_TICK_MINUTES });
  });
  await step.run("fan-out", async () => {
    for (const pull of due) await sendEvent(unsubscribePullRequested.create({ ...pull, trigger: "SCHEDULE" }));
  });
  // The owners hear when a connection's pulls have been failing for hours (and when they work again).
  await step.run("check-pull-health", () => checkUnsubscribePulls());
  return { started: due.length };
}
