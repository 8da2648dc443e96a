// The push job of one business, run by syncRequested (debounced) and syncNowRequested alike.
import { ccClientForConnection } from "../../constant-contact/client-for-connection";
import { checkImport, importPollDelayMs } from "../../sync/check-import";
import { finishPushRun } from "../../sync/finish-push-run";
import { endRunOnPermanentError } from "../../sync/handle-sync-error";
import { renewLease, STEP_RETRY_ALLOWANCE_MS } from "../../sync/run-lease";
import { sendNextBatch } from "../../sync/send-next-batch";
import { startPushRun } from "../../sync/start-push-run";
import { addToRun, callCounter } from "../../sync/sync-runs";
import type { SyncRequest } from "../events";
import type { HandlerArgs } from "../step";

const MAX_POLLS = 40; // with growing pauses up to 30 s: about 17 minutes per import activity
const MAX_QUEUED_ACTIVITIES = 1_000; // Constant Contact's queue of bulk activities per account
// Processing an import of thousands of contacts takes Constant Contact seconds at least: a look sooner only costs a
// call (and the next look comes after a longer pause).
const FIRST_LOOK_MS = importPollDelayMs(1);

/**
 * One push run for a business: send pending clients in import batches, then wait for each activity with growing
 * pauses and record its outcome. Every call into lib/sync is a step, so a crash resumes where it stopped (and a
 * step that crashed mid-way is harmless to repeat: imports upsert by email, bookkeeping compares versions).
 */
export async function syncBusinessHandler({ event, step }: HandlerArgs<SyncRequest>) {
  const { businessId, trigger } = event.data;
  const started = await step.run("start-run", () => startPushRun({ businessId, trigger }));
  if ("skipped" in started) return started;
  const { runId, connectionId, listId } = started;
  // "Sync now" is someone waiting on the page: its calls go first, like loading lists.
  const purpose = { kind: trigger === "MANUAL" ? "INTERACTIVE" : "PUSH", businessId } as const;

  // Each step counts the API calls it makes into the run. An error that ends the run on purpose (reconnect
  // needed, daily quota spent) is settled inside the step and reported as `stopped`, so neither Inngest nor the
  // local runner retries it; any other error is thrown and the step is retried with backoff.
  // Each step also renews the run's lease (lib/sync/run-lease.ts): on starting, on finishing (past the pause
  // that follows: `pauseAfter`), and on failing (past the engine's backoff before the retry). A run closed
  // meanwhile (interrupted by the sweep, cancelled) stops at its next step.
  const inStep = async <T>(
    work: (cc: ReturnType<typeof ccClientForConnection>) => Promise<T>,
    pauseAfter: (result: T) => number = () => 0,
  ): Promise<T | { stopped: string }> => {
    if (!(await renewLease(runId))) return { stopped: "the run was closed" };
    const counter = callCounter();
    try {
      const result = await work(ccClientForConnection(connectionId, { onCall: counter.onCall, purpose }));
      await renewLease(runId, pauseAfter(result));
      return result;
    } catch (error) {
      if (await endRunOnPermanentError(runId, error)) return { stopped: (error as Error).message };
      await renewLease(runId, STEP_RETRY_ALLOWANCE_MS).catch(() => {});
      throw error;
    } finally {
      if (counter.calls > 0) await addToRun(runId, { apiCalls: counter.calls });
    }
  };

  const activities: { activityId: string; sentAt: number }[] = [];
  let waited = 0;
  /**
   * Waits for the `index`th activity sent and records its outcome. The first look is at once when other work
   * happened since it was sent (it may well be done). The one just sent is first looked at FIRST_LOOK_MS after
   * Constant Contact accepted it, its bookkeeping since counting toward that (the pause is a step: a replay finds it
   * done, whatever its length); then with growing pauses.
   */
  const waitForImport = async (index: number): Promise<{ runId: string; stopped: string } | null> => {
    const { activityId, sentAt } = activities[index]!;
    const lookAtOnce = index < activities.length - 1;
    for (let poll = 0; poll < MAX_POLLS; poll++) {
      if (!lookAtOnce || poll > 0) {
        const pause = importPollDelayMs(lookAtOnce ? poll - 1 : poll);
        const untilFirstLook = Math.max(1, FIRST_LOOK_MS - (Date.now() - sentAt));
        await step.sleep(`wait-${index}-${poll}`, poll === 0 ? untilFirstLook : pause);
      }
      const check = await step.run(`check-import-${index}-${poll}`, () =>
        inStep(
          (cc) => checkImport({ runId, businessId, listId, activityId }, cc),
          (c) => (c.done ? 0 : importPollDelayMs(poll)),
        ),
      );
      if ("stopped" in check) return { runId, stopped: check.stopped };
      if (check.done) return null;
    }
    return null;
  };

  // Every batch is submitted before any is waited for: Constant Contact queues up to 1,000 import activities per
  // account and works on them while we read and send the next batch (a waited-for batch cost its whole processing
  // time per 40,000 clients). Then each activity is checked in the order sent; by the time the first is done the
  // later ones mostly are too, so each costs about one look.
  let afterId: string | null = null;
  for (let batch = 0; ; batch++) {
    if (activities.length - waited >= MAX_QUEUED_ACTIVITIES) {
      const outcome = await waitForImport(waited++);
      if (outcome) return outcome;
    }
    const sentThisRun = activities.map((a) => a.activityId);
    const sent = await step.run(`send-batch-${batch}`, () =>
      inStep((cc) => sendNextBatch({ runId, businessId, listId, afterId, sentThisRun }, cc)),
    );
    if ("stopped" in sent) return { runId, stopped: sent.stopped };
    if (sent.activityId) activities.push({ activityId: sent.activityId, sentAt: sent.sentAt });
    if (sent.done) break;
    afterId = sent.afterId;
  }
  while (waited < activities.length) {
    const outcome = await waitForImport(waited++);
    if (outcome) return outcome;
  }
  await step.run("finish-run", () => finishPushRun({ runId, connectionId }));
  return { runId };
}
