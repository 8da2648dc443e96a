// One connection's unsubscribe pull: one at a time per connection, under the API key's throttle.
import { unsubscribePullRequested } from "@/lib/jobs/events";
import { pullUnsubscribesHandler } from "@/lib/jobs/handlers/pull-unsubscribes";
import { inngest } from "@/lib/jobs/inngest-client";
import { ccApiThrottle } from "../flow-control";
import { toSyncStep } from "../to-sync-step";

export const pullUnsubscribesFn = inngest.createFunction(
  {
    id: "pull-unsubscribes",
    triggers: [unsubscribePullRequested],
    concurrency: { key: "event.data.connectionId", limit: 1 },
    throttle: ccApiThrottle(),
    retries: 3,
  },
  ({ event, step }) => pullUnsubscribesHandler({ event, step: toSyncStep(step) }),
);
