// The unsubscribe pull job of one connection (fanned out by schedule-unsubscribe-pulls, or asked for by a person).
import { ccClientForConnection } from "../../constant-contact/client-for-connection";
import { openPullRun } from "../../sync/open-pull-run";
import { pullUnsubscribes } from "../../sync/pull-unsubscribes";
import { callCounter, finishRun } from "../../sync/sync-runs";
import type { UnsubscribePullRequest } from "../events";
import type { HandlerArgs } from "../step";

/**
 * One pull is one SyncRun: opened in its own step (memoized by the engine), so the pull step's retries (a 5xx
 * outage) count as attempts of that run, with their API calls summed, instead of each opening a run of its own.
 */
export async function pullUnsubscribesHandler({ event, step }: HandlerArgs<UnsubscribePullRequest>) {
  const { connectionId, trigger } = event.data;
  const opened = await step.run("open-run", () => openPullRun({ connectionId, trigger }));
  if ("skipped" in opened) return opened;
  const { runId, businessId } = opened;
  // A pull asked for with Sync now has someone waiting on it; scheduled ones are background work.
  const purpose = { kind: trigger === "MANUAL" ? "INTERACTIVE" : "UNSUBSCRIBE_PULL", businessId } as const;
  try {
    return await step.run("pull", async () => {
      const counter = callCounter();
      const cc = ccClientForConnection(connectionId, { onCall: counter.onCall, purpose });
      return pullUnsubscribes({ runId, connectionId }, cc, counter);
    });
  } catch (error) {
    // Every attempt failed: the run ends with the last error (the engine reports the job as failed too).
    await step.run("fail-run", () => finishRun(runId, "FAILED", (error as Error).message));
    throw error;
  }
}
