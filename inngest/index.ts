// The Inngest functions the app serves at /api/inngest: one per job declaration (inngest/jobs.ts), with its flow
// control translated into Inngest's options.
import { inngest } from "@/lib/jobs/inngest-client";
import { jobDeclarations, type JobDeclaration } from "./jobs";
import { toSyncStep } from "./to-sync-step";

/** The steps of a job's `waitFirst`: the plan, then the sleep. */
export const PLAN_WAIT_STEP = "plan-wait";
export const PLANNED_WAIT_STEP = "planned-wait";

const seconds = (ms: number) => `${Math.round(ms / 1000)}s` as const;
const minutesOrSeconds = (ms: number) => (ms % 60_000 === 0 ? (`${ms / 60_000}m` as const) : seconds(ms));

export function toInngestFunction(job: JobDeclaration) {
  const eventNames = new Set(job.events.map((e) => e.name));
  return inngest.createFunction(
    {
      id: job.id,
      triggers: [
        ...(job.cron ? [{ cron: job.cron.expression }] : []),
        ...job.events.map((e) => ({ event: e.name })),
      ] as [{ event: string }],
      ...(job.debounce
        ? {
            debounce: {
              key: `event.data.${job.debounce.by}`,
              period: seconds(job.debounce.periodMs),
              timeout: minutesOrSeconds(job.debounce.timeoutMs),
            },
          }
        : {}),
      ...(job.oneAtATime
        ? {
            concurrency: {
              limit: 1,
              ...(job.oneAtATime.by
                ? {
                    key: job.oneAtATime.prefix
                      ? `'${job.oneAtATime.prefix}' + event.data.${job.oneAtATime.by}`
                      : `event.data.${job.oneAtATime.by}`,
                  }
                : {}),
              ...(job.oneAtATime.scope ? { scope: job.oneAtATime.scope } : {}),
            },
          }
        : {}),
      ...(job.cancelOn ? { cancelOn: [{ event: job.cancelOn.event.name, match: `data.${job.cancelOn.by}` }] } : {}),
      ...(job.retries !== undefined ? { retries: job.retries as 5 } : {}),
      ...(job.onFailure
        ? {
            onFailure: async ({ event, error }: { event: { data: { event: { data: unknown } } }; error: Error }) => {
              const data = job.events[0]!.schema.parse(event.data.event.data);
              await job.onFailure!(data, error);
            },
          }
        : {}),
    },
    // A cron tick carries no data of ours: the handler then gets `{}`. Event data is parsed with its schema, as the
    // local runner does.
    async ({ event, step }) => {
      const declared = job.events.find((e) => e.name === event.name);
      const data = declared && eventNames.has(event.name) ? declared.schema.parse(event.data) : {};
      const syncStep = toSyncStep(step);
      // The planned wait is memoized as a step and slept durably: a replay after a crash sleeps what is left.
      if (job.waitFirst) {
        const waitMs = await syncStep.run(PLAN_WAIT_STEP, () => job.waitFirst!(data));
        if (waitMs > 0) await syncStep.sleep(PLANNED_WAIT_STEP, waitMs);
      }
      return job.handler({ event: { data }, step: syncStep });
    },
  );
}

/** Every function the app serves at /api/inngest. */
export const functions = jobDeclarations().map(toInngestFunction);
