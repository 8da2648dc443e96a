// The unsubscribe pull job of one connection (fanned out by schedule-unsubscribe-pulls, or asked for by a person).
import { ccClientForConnection } from "../../constant-contact/client-for-connection";
import { pullUnsubscribes } from "../../sync/pull-unsubscribes";
import { callCounter } from "../../sync/sync-runs";
import type { UnsubscribePullRequest } from "../events";
import type { HandlerArgs } from "../step";

export async function pullUnsubscribesHandler({ event, step }: HandlerArgs<UnsubscribePullRequest>) {
  return step.run("pull", async () => {
    const counter = callCounter();
    const cc = ccClientForConnection(event.data.connectionId, { onCall: counter.onCall });
    return pullUnsubscribes({ connectionId: event.data.connectionId, trigger: event.data.trigger }, cc, counter);
  });
}
