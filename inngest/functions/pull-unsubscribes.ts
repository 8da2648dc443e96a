import { ccClientForConnection } from "@/lib/constant-contact/client-for-connection";
import { dueUnsubscribePulls } from "@/lib/sync/due-unsubscribe-pulls";
import { pullUnsubscribes } from "@/lib/sync/pull-unsubscribes";
import { callCounter } from "@/lib/sync/sync-runs";
import { inngest } from "../client";
import { unsubscribePullRequested } from "../events";
import { sendEvent } from "../send";
import { jobSettings } from "../settings";
import type { HandlerArgs } from "../step";

export const PULL_TICK_MINUTES = 5;

export async function pullUnsubscribesHandler({ event, step }: HandlerArgs<{ connectionId: string; trigger: "SCHEDULE" | "MANUAL" }>) {
  return step.run("pull", async () => {
    const counter = callCounter();
    const cc = ccClientForConnection(event.data.connectionId, { onCall: counter.onCall });
    return pullUnsubscribes({ connectionId: event.data.connectionId, trigger: event.data.trigger }, cc, counter);
  });
}

/** Every 5 minutes: fan out the pulls that are due, spread so the day's total fits the API budget. */
export async function schedulePullsHandler({ step }: HandlerArgs<unknown>) {
  const due = await step.run("find-due", () => dueUnsubscribePulls({ dailyBudget: jobSettings().dailyCallBudget, tickMinutes: PULL_TICK_MINUTES }));
  await step.run("fan-out", async () => {
    for (const connectionId of due) await sendEvent(unsubscribePullRequested.create({ connectionId, trigger: "SCHEDULE" }));
  });
  return { started: due.length };
}

export const pullUnsubscribesFn = inngest.createFunction(
  {
    id: "pull-unsubscribes",
    triggers: [unsubscribePullRequested],
    concurrency: { key: "event.data.connectionId", limit: 1 },
    throttle: { key: `'${jobSettings().ccClientId}'`, limit: jobSettings().requestsPerSecond, period: "1s" },
    retries: 3,
  },
  ({ event, step }) => pullUnsubscribesHandler({ event, step: step as never }),
);

export const scheduleUnsubscribePulls = inngest.createFunction(
  { id: "schedule-unsubscribe-pulls", triggers: [{ cron: `*/${PULL_TICK_MINUTES} * * * *` }] },
  ({ event, step }) => schedulePullsHandler({ event, step: step as never }),
);
