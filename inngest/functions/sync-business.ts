import { ccClientForConnection } from "@/lib/constant-contact/client-for-connection";
import { jobSettings } from "../settings";
import { checkImport, importPollDelayMs } from "@/lib/sync/check-import";
import { finishPushRun } from "@/lib/sync/finish-push-run";
import { endRunOnPermanentError } from "@/lib/sync/handle-sync-error";
import { sendNextBatch } from "@/lib/sync/send-next-batch";
import { startPushRun } from "@/lib/sync/start-push-run";
import { addToRun, callCounter } from "@/lib/sync/sync-runs";
import { inngest } from "../client";
import { connectionDisconnected, syncNowRequested, syncRequested, type SyncTrigger } from "../events";
import type { HandlerArgs } from "../step";

const MAX_POLLS = 40; // with growing pauses up to 30 s: about 17 minutes per import activity

/**
 * One push run for a business: send pending clients in import batches, wait for each activity with growing
 * pauses, record the outcome. Every call into lib/sync is a step, so a crash resumes where it stopped (and a
 * step that crashed mid-way is harmless to repeat: imports upsert by email, bookkeeping compares versions).
 */
export async function syncBusinessHandler({ event, step }: HandlerArgs<{ businessId: string; trigger: SyncTrigger }>) {
  const { businessId, trigger } = event.data;
  const started = await step.run("start-run", () => startPushRun({ businessId, trigger }));
  if ("skipped" in started) return started;
  const { runId, connectionId, listId } = started;

  // Each step counts the API calls it makes into the run. An error that ends the run on purpose (reconnect
  // needed, daily quota spent) is settled inside the step and reported as `stopped`, so neither Inngest nor the
  // local runner retries it; any other error is thrown and the step is retried with backoff.
  const inStep = async <T>(work: (cc: ReturnType<typeof ccClientForConnection>) => Promise<T>): Promise<T | { stopped: string }> => {
    const counter = callCounter();
    try {
      return await work(ccClientForConnection(connectionId, { onCall: counter.onCall }));
    } catch (error) {
      if (await endRunOnPermanentError(runId, error)) return { stopped: (error as Error).message };
      throw error;
    } finally {
      if (counter.calls > 0) await addToRun(runId, { apiCalls: counter.calls });
    }
  };

  let afterId: string | null = null;
  for (let batch = 0; ; batch++) {
    const sent = await step.run(`send-batch-${batch}`, () => inStep((cc) => sendNextBatch({ runId, businessId, listId, afterId }, cc)));
    if ("stopped" in sent) return { runId, stopped: sent.stopped };
    if (sent.activityId) {
      const activityId = sent.activityId;
      for (let poll = 0; poll < MAX_POLLS; poll++) {
        await step.sleep(`wait-${batch}-${poll}`, importPollDelayMs(poll));
        const check = await step.run(`check-import-${batch}-${poll}`, () => inStep((cc) => checkImport({ runId, businessId, listId, activityId }, cc)));
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

// Inngest's flow control, per the issue: a burst of edits is one run (debounce per business), one run at a
// time per business (shared with "Sync now"), a platform-wide throttle for the one Constant Contact API key, and
// a disconnect cancels the business's runs.
// Read from the environment without lib/env's secrets check: these options are built when the module loads,
// which includes `next build`.
const settings = jobSettings();

const flowControl = {
  concurrency: { key: "'sync-' + event.data.businessId", limit: 1, scope: "env" as const },
  throttle: { key: `'${settings.ccClientId}'`, limit: settings.requestsPerSecond, period: "1s" as const },
  cancelOn: [{ event: connectionDisconnected, match: "data.businessId" }],
  retries: 5 as const,
};

export const syncBusiness = inngest.createFunction(
  { id: "sync-business", triggers: [syncRequested], debounce: { key: "event.data.businessId", period: `${settings.debounceSeconds}s`, timeout: "5m" }, ...flowControl },
  ({ event, step }) => syncBusinessHandler({ event, step: step as never }),
);

export const syncBusinessNow = inngest.createFunction(
  { id: "sync-business-now", triggers: [syncNowRequested], ...flowControl },
  ({ event, step }) => syncBusinessHandler({ event, step: step as never }),
);
