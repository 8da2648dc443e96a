// The one adapter between Inngest and lib/jobs: Inngest's step tools, seen as the step type the handlers use.
import type { GetStepTools } from "inngest";
import { inngest } from "@/lib/jobs/inngest-client";
import type { JsonValue, SyncStep } from "@/lib/jobs/step";

type InngestStep = GetStepTools<typeof inngest>;

export function toSyncStep(step: InngestStep): SyncStep {
  return {
    // Inngest types a step's result as the JSON round trip of what the work returned; SyncStep.run only accepts
    // work that returns JSON, for which that round trip is the identity, so the result keeps the work's type.
    run: <T extends JsonValue | void>(id: string, fn: () => Promise<T>) => step.run(id, fn) as Promise<T>,
    sleep: (id, ms) => step.sleep(id, ms),
  };
}
