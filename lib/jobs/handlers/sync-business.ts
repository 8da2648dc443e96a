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

/**
 * One push run for a business: send pending clients in import batches, wait for each activity with growing
 * pauses, record the outcome. Every call into lib/sync is a step, so a crash resumes where it stopped (and a
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

  let afterId: string | null = null;
  for (let batch = 0; ; batch++) {
    const sent = await step.run(`send-batch-${batch}`, () =>
      inStep((cc) => sendNextBatch({ runId, businessId, listId, afterId }, cc), (s) => (s.activityId ? importPollDelayMs(0) : 0)),
    );
    if ("stopped" in sent) return { runId, stopped: sent.stopped };
    if (sent.activityId) {
      const activityId = sent.activityId;
      for (let poll = 0; poll < MAX_POLLS; poll++) {
        await step.sleep(`wait-${batch}-${poll}`, importPollDelayMs(poll));
        const check = await step.run(`check-import-${batch}-${poll}`, () =>
          inStep((cc) => checkImport({ runId, businessId, listId, activityId }, cc), (c) => (c.done ? 0 : importPollDelayMs(poll + 1))),
        );
        if ("stopped" in check) return { runId, stopped: check.stopped };
        if (check.done) break;
      }
    }
    if (sent.done) break;
    afterId = sent.afterId;
  }
  await step.run("finish-run", () => finishPushRun({ runId, connectionId }));
  return { runId };
}
