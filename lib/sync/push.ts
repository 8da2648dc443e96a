// The push run of one connection: send its queue to the provider's list in batches, then wait for each batch and
// record what became of it. Run by the push job (debounced client changes, and "Sync now") in both engines.
import { reviewSyncHealth } from "../alerts/review-sync-health";
import { markUnsentSegmentValuesPending } from "../clients/mark-segment-pending";
import { queueClientsForSync } from "../clients/mark-sync-pending";
import { db, planEachExecution } from "../db";
import type { SyncRunTrigger } from "../generated/prisma/client";
import type { ProviderSession } from "../integrations/provider";
import type { PushRequest } from "../jobs/events";
import { requestMailDelivery } from "../jobs/send-event";
import type { HandlerArgs } from "../jobs/step";
import { adapterFor } from "./providers";
import { applyRemoteChanges } from "./remote-changes";
import { SEGMENT_KEYS } from "./segments";
import {
  batchPollDelayMs,
  checkBatch,
  loadPushTarget,
  recordOutcome,
  sendNextBatch,
  type BatchSent,
  type PushTarget,
} from "./push-batch";
import { planOfTheMinute } from "./push-pace";
import {
  addToRun,
  callCounter,
  createRun,
  endRunOnPermanentError,
  finishPushedRun,
  incrementsOf,
  renewLease,
  STEP_RETRY_ALLOWANCE_MS,
  type RunCounts,
  type RunProgress,
  type RunRecorder,
} from "./runs";

const MAX_POLLS = 40; // with growing pauses up to 30 s: about 17 minutes per batch
const MAX_QUEUED_BATCHES = 1_000; // Constant Contact's queue of bulk activities per account
// Processing a batch of thousands of contacts takes the provider seconds at least: a look sooner only costs a call
// (and the next look comes after a longer pause).
const FIRST_LOOK_MS = batchPollDelayMs(1);

export type StartedPush =
  | {
      runId: string;
      target: PushTarget;
      fullSync: boolean;
      /** The run ends as SENT once its imports are sent; their answers are read later (settleSentRuns). */
      settleLater: boolean;
      /** Batches of earlier SENT runs still to be read: their clients, unchanged since, are not sent again. */
      awaitingBatchIds: string[];
    }
  | { skipped: string };

/**
 * Opens a push run for a connection, or says why there is nothing to do. When the connection's generation moved
 * (a list was chosen or changed, or the business reconnected) every client is queued first, in the same
 * transaction that records the generation as set up: a full sync happens exactly once per generation even when
 * the events asking for it were debounced together or lost.
 */
export async function startPushRun(
  input: { connectionId: string; trigger: SyncRunTrigger },
  now = new Date(),
): Promise<StartedPush> {
  const connection = await db.connection.findUnique({ where: { id: input.connectionId } });
  if (!connection || connection.status !== "ACTIVE" || !connection.listId)
    return { skipped: "not connected to a list" };
  if (connection.quotaPausedUntil && connection.quotaPausedUntil > now)
    return { skipped: "paused until the provider's daily budget resets" };
  const target: PushTarget = {
    connectionId: connection.id,
    businessId: connection.businessId,
    provider: connection.provider,
    listId: connection.listId,
  };
  const fullSync = connection.fullSyncGeneration < connection.syncGeneration;
  if (fullSync) {
    // One statement over the whole business (seconds at 100,000 clients, hence the longer timeout); rows that
    // are already queued are left alone.
    await db.$transaction(
      async (tx) => {
        // The whole business at once: hash the queue rather than trust an estimate made before these rows existed.
        await tx.$executeRaw`SET LOCAL enable_nestloop = off`;
        await planEachExecution(tx);
        await queueClientsForSync(tx, target, "all");
        await tx.connection.update({
          where: { id: connection.id },
          data: { fullSyncGeneration: connection.syncGeneration },
        });
      },
      { timeout: 120_000, maxWait: 10_000 },
    );
  }
  if (input.trigger === "MANUAL" && connection.segmentFieldsError) {
    // A segment field could not be created: the owner was asked to make room and sync again, so this run tries
    // again with the clients whose values were held back.
    const chosen = SEGMENT_KEYS.filter((key) =>
      key === "clientType" ? connection.sendClientType : connection.sendGroups,
    );
    await db.$transaction(async (tx) => {
      for (const key of chosen) await markUnsentSegmentValuesPending(tx, target, key);
    });
  }
  const total = await db.clientSyncPending.count({ where: { connectionId: connection.id } });
  if (total === 0) return { skipped: "nothing to send" };
  const run = await createRun({
    businessId: connection.businessId,
    connectionId: connection.id,
    kind: fullSync ? "FULL" : input.trigger === "SCHEDULE" || input.trigger === "RETRY" ? "RECONCILE" : "DELTA",
    trigger: input.trigger,
    total,
  });
  const sent = await db.syncRun.findMany({
    where: { connectionId: connection.id, status: "SENT" },
    select: { awaitingBatchIds: true },
  });
  return {
    runId: run.id,
    target,
    fullSync,
    settleLater: !fullSync && input.trigger === "CLIENT_CHANGE" && (await changesAreBatched(connection.provider, now)),
    awaitingBatchIds: sent.flatMap((r) => r.awaitingBatchIds),
  };
}

/**
 * Whether today's plan batches a provider's changes (push-plan.ts): then a change-driven push only sends, one call,
 * and its answer is read with the connection's next unsubscribe check, several imports in one call, instead of a
 * look of its own 2 s later. A provider whose batches answer at once (Mailchimp) has no plan and nothing to read.
 */
async function changesAreBatched(provider: PushTarget["provider"], now: Date): Promise<boolean> {
  const plan = await planOfTheMinute(provider, now);
  return plan !== null && plan.waitMinutes > plan.debounceMinutes;
}

/**
 * Reads the answers to a connection's SENT runs in one call (the provider's `checkMany`) and records each finished
 * batch like a run's own look would; a run whose batches are all answered is finished (its failures counted, the
 * owners' alerts reviewed). Called by the connection's unsubscribe pull, scheduled or Sync now, with its session.
 */
export async function settleSentRuns(connectionId: string, session: ProviderSession): Promise<{ settled: number }> {
  // A provider whose batches answer at once (Mailchimp) never leaves a run SENT: nothing to look up.
  if (!session.checkMany) return { settled: 0 };
  const runs = await db.syncRun.findMany({
    where: { connectionId, status: "SENT" },
    orderBy: { startedAt: "asc" },
    select: { id: true, awaitingBatchIds: true, startedAt: true },
  });
  // Every pull asks: most connections have nothing sent and waiting, and cost this one query.
  if (runs.length === 0) return { settled: 0 };
  const target = await loadPushTarget(connectionId);
  if (!target) return { settled: 0 };
  const checks = await session.checkMany(
    runs.flatMap((r) => r.awaitingBatchIds),
    target.listId,
  );
  let settled = 0;
  for (const run of runs) {
    const unanswered: string[] = [];
    for (const batchId of run.awaitingBatchIds) {
      const check = checks.get(batchId);
      // In the list since it was sent (the run sends within seconds of starting), not since the answer was read.
      if (check?.done) await recordOutcome(run.id, target, batchId, check.outcome, { sentAt: run.startedAt });
      else unanswered.push(batchId);
    }
    if (unanswered.length > 0) {
      await db.syncRun.update({ where: { id: run.id }, data: { awaitingBatchIds: unanswered } });
      continue;
    }
    // Its batches stop being awaited as it finishes.
    await finishPushRun({ runId: run.id, target });
    settled++;
  }
  return { settled };
}

/**
 * Closes a push run: PARTIAL when some clients failed, and stamps the connection's last successful sync. The owners'
 * alerts follow what the run found (clients that cannot be sent; a failure or pause that is now over).
 */
export async function finishPushRun(input: { runId: string; target: PushTarget }): Promise<void> {
  await finishPushedRun(input.runId);
  await db.connection.update({
    where: { id: input.target.connectionId },
    data: { lastSyncedAt: new Date(), lastError: null },
  });
  await requestMailDelivery(await reviewSyncHealth(input.target));
}

/**
 * One push run for a connection: send its queue in batches, then wait for each batch with growing pauses and record
 * its outcome. Every call into the engine is a step, so a crash resumes where it stopped (and a step that crashed
 * mid-way is harmless to repeat: providers upsert by email, bookkeeping compares versions).
 */
export async function pushHandler({ event, step }: HandlerArgs<PushRequest>) {
  const { connectionId, trigger } = event.data;
  const started = await step.run("start-run", () => startPushRun({ connectionId, trigger }));
  if ("skipped" in started) return started;
  const { runId, target } = started;
  const adapter = adapterFor(target.provider);
  const connection = { id: target.connectionId, businessId: target.businessId, provider: target.provider };
  // "Sync now" is someone waiting on the page: its calls go first, like loading lists.
  const purpose = { kind: trigger === "MANUAL" ? "INTERACTIVE" : "PUSH", businessId: target.businessId } as const;

  // Each step counts the API calls it makes into the run. An error that ends the run on purpose (reconnect
  // needed, daily budget spent) is settled inside the step and reported as `stopped`, so neither engine retries it;
  // any other error is thrown and the step is retried with backoff.
  // Each step also renews the run's lease: on starting, on finishing (past the pause that follows: `pauseAfter`; the
  // last send of a run that only sends ends it as SENT instead: `sentAfter`), and on failing (past the engine's
  // backoff before the retry). A run closed meanwhile (interrupted by the sweep,
  // cancelled) stops at its next step.
  const inStep = async <T extends object>(
    work: (session: ProviderSession, recordLast: RunRecorder) => Promise<T>,
    pauseAfter: (result: T) => number = () => 0,
    /** The batches a run that only sends awaits once this step is done (it then ends as SENT), or null. */
    sentAfter: (result: T) => string[] | null = () => null,
  ): Promise<(T & { endedSent?: true }) | { stopped: string }> => {
    if (!(await renewLease(runId))) return { stopped: "the run was closed" };
    const counter = callCounter();
    // What the step records after its calls (its batch's counts and progress) waits for the step's end and goes
    // into the statement that renews the lease, with the step's API calls; anything recorded before it, at once.
    let last = null as { counts: RunCounts; progress?: RunProgress } | null;
    const recordLast: RunRecorder = async (counts, progress) => {
      if (last) await addToRun(runId, last.counts, last.progress);
      last = { counts, progress };
    };
    const calls = () => ({ apiCalls: counter.calls });
    try {
      const result = await work(adapter.session(target.connectionId, { onCall: counter.onCall, purpose }), recordLast);
      const recorded = { counts: { ...last?.counts, ...calls() }, progress: last?.progress };
      const awaiting = sentAfter(result);
      if (awaiting) {
        await markRunSent(runId, awaiting, recorded);
        return { ...result, endedSent: true as const };
      }
      await renewLease(runId, pauseAfter(result), recorded);
      return result;
    } catch (error) {
      // Failing, what the step recorded is written first, on its own (as it would have been at once).
      if (last) await addToRun(runId, last.counts, last.progress).catch(() => {});
      if (await endRunOnPermanentError(runId, connection, error, calls())) return { stopped: (error as Error).message };
      await renewLease(runId, STEP_RETRY_ALLOWANCE_MS, { counts: calls() }).catch(() => {});
      throw error;
    }
  };

  // The first time this list gets everyone, the provider's unsubscribed and bounced addresses are read first (see
  // ProviderAdapter.pullBeforeFullSync): consent withdrawn there is withdrawn here before anything is sent.
  if (started.fullSync && adapter.pullBeforeFullSync) {
    const pulled = await step.run("read-opt-outs", () =>
      inStep(async (session) => {
        const changes = await session.pullChanges({ listId: target.listId, since: null });
        const changed = await db.$transaction(
          (tx) =>
            applyRemoteChanges(
              tx,
              { id: target.connectionId, businessId: target.businessId, provider: target.provider },
              changes,
            ),
          { timeout: 120_000 },
        );
        return { seen: changes.length, changed: changed.length };
      }),
    );
    if ("stopped" in pulled) return { runId, stopped: pulled.stopped };
  }

  const batches: { batchId: string; sentAt: number }[] = [];
  let waited = 0;
  /**
   * Waits for the `index`th batch sent and records its outcome. The first look is at once when other work
   * happened since it was sent (it may well be done). The one just sent is first looked at FIRST_LOOK_MS after the
   * provider accepted it, its bookkeeping since counting toward that (the pause is a step: a replay finds it done,
   * whatever its length); then with growing pauses.
   */
  const waitForBatch = async (index: number): Promise<{ runId: string; stopped: string } | null> => {
    const { batchId, sentAt } = batches[index]!;
    const lookAtOnce = index < batches.length - 1;
    for (let poll = 0; poll < MAX_POLLS; poll++) {
      if (!lookAtOnce || poll > 0) {
        const pause = batchPollDelayMs(lookAtOnce ? poll - 1 : poll);
        const untilFirstLook = Math.max(1, FIRST_LOOK_MS - (Date.now() - sentAt));
        await step.sleep(`wait-${index}-${poll}`, poll === 0 ? untilFirstLook : pause);
      }
      const check = await step.run(`check-import-${index}-${poll}`, () =>
        inStep(
          (session, recordLast) => checkBatch({ runId, target, batchId, recordLast }, session),
          (c) => (c.done ? 0 : batchPollDelayMs(poll)),
        ),
      );
      if ("stopped" in check) return { runId, stopped: check.stopped };
      if (check.done) return null;
    }
    return null;
  };

  // Every batch is submitted before any is waited for: Constant Contact queues up to 1,000 import activities per
  // account and works on them while we read and send the next batch. Then each batch is checked in the order sent;
  // by the time the first is done the later ones mostly are too, so each costs about one look. A provider that
  // answers a batch at once (Mailchimp's batch subscribe) leaves nothing to wait for.
  let afterId: string | null = null;
  let endedSent = false;
  for (let batch = 0; ; batch++) {
    if (batches.length - waited >= MAX_QUEUED_BATCHES) {
      const outcome = await waitForBatch(waited++);
      if (outcome) return outcome;
    }
    const sentThisRun = [...started.awaitingBatchIds, ...batches.map((b) => b.batchId)];
    // A run that only sends ends as SENT with its last batch, in the statement that ends that step.
    const awaitingAfter = (last: BatchSent) => {
      const awaiting = [...batches.slice(waited).map((b) => b.batchId), ...(last.batchId ? [last.batchId] : [])];
      return started.settleLater && last.done && awaiting.length > 0 ? awaiting : null;
    };
    const sent = await step.run(`send-batch-${batch}`, () =>
      inStep(
        (session, recordLast) => sendNextBatch({ runId, target, afterId, sentThisRun, recordLast }, session),
        () => 0,
        awaitingAfter,
      ),
    );
    if ("stopped" in sent) return { runId, stopped: sent.stopped };
    if (sent.batchId) batches.push({ batchId: sent.batchId, sentAt: sent.sentAt });
    endedSent = sent.endedSent === true;
    if (sent.done) break;
    afterId = sent.afterId;
  }
  if (started.settleLater && batches.length > waited) {
    // A send step replayed from before it could end the run (a deploy mid-run) leaves the marking to this step.
    if (!endedSent)
      await step.run("mark-sent", () =>
        markRunSent(
          runId,
          batches.slice(waited).map((b) => b.batchId),
        ),
      );
    return { runId, sent: true };
  }
  while (waited < batches.length) {
    const outcome = await waitForBatch(waited++);
    if (outcome) return outcome;
  }
  await step.run("finish-run", () => finishPushRun({ runId, target }));
  return { runId };
}

/**
 * Ends a run whose imports are sent: SENT until settleSentRuns reads their answers. What its last step recorded (its
 * batch's counts, its API calls) goes into the same statement; a run closed meanwhile gets them on their own.
 */
async function markRunSent(
  runId: string,
  batchIds: string[],
  recorded: { counts: RunCounts; progress?: RunProgress } = { counts: {} },
): Promise<void> {
  const { count } = await db.syncRun.updateMany({
    where: { id: runId, status: "RUNNING" },
    data: {
      ...incrementsOf(recorded.counts),
      ...recorded.progress,
      status: "SENT",
      awaitingBatchIds: batchIds,
      phase: "sent",
      leaseExpiresAt: null,
    },
  });
  if (count === 0 && Object.keys({ ...incrementsOf(recorded.counts), ...recorded.progress }).length > 0)
    await addToRun(runId, recorded.counts, recorded.progress);
}
