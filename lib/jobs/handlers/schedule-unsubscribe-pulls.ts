// The scheduler of unsubscribe pulls: a cron tick in both engines.
import { checkUnsubscribePulls } from "../../alerts/check-unsubscribe-pulls";
import { closeInterruptedRuns } from "../../sync/close-interrupted-runs";
import { dueUnsubscribePulls } from "../../sync/due-unsubscribe-pulls";
import { unsubscribePullRequested } from "../events";
import { sendEvent } from "../send-event";
import type { SyncStep } from "../step";

export const PULL_TICK_MINUTES = 5;

/** Every 5 minutes: fan out the pulls that are due, spread so the day's total fits the API budget. */
export async function schedulePullsHandler({ step }: { step: SyncStep }) {
  const due = await step.run("find-due", async () => {
    // The platform's frequent tick also closes runs whose executor is gone (expired lease), so a crashed run
    // shows as interrupted within minutes rather than at the daily reconcile sweep.
    await closeInterruptedRuns({ allBusinesses: true });
    return dueUnsubscribePulls({ tickMinutes: PULL_TICK_MINUTES });
  });
  await step.run("fan-out", async () => {
    for (const connectionId of due)
      await sendEvent(unsubscribePullRequested.create({ connectionId, trigger: "SCHEDULE" }));
  });
  // The owners hear when a connection's pulls have been failing for hours (and when they work again).
  await step.run("check-pull-health", () => checkUnsubscribePulls());
  return { started: due.length };
}
