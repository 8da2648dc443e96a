// Job handlers run directly, without an engine: the handler under test (or measured) is the production one.
import type { SyncStep } from "@/lib/jobs/step";

/** Steps run inline, each sleep at most `maxSleepMs` (the benchmark keeps the real pauses). */
export function inlineSteps(maxSleepMs = Number.POSITIVE_INFINITY): SyncStep {
  return {
    run: (_id, fn) => fn(),
    sleep: (_id, ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, maxSleepMs))),
  };
}

/** Steps run inline, sleeps shortened. */
export const inlineStep: SyncStep = inlineSteps(30);
