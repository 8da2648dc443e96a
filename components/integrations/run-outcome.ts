import type { SyncRunStatus } from "@/lib/generated/prisma/enums";

export type RunOutcome = {
  label: string;
  tone: "running" | "ok" | "warning" | "problem";
  /** Why it ended the way it did, in the run's own words where it has them. */
  reason: string | null;
  /** The counts are what happened before it stopped, not a result. */
  stoppedEarly: boolean;
};

/** What a run came to, at a glance: completed, completed with failures, cancelled (why), failed (why), interrupted. */
export function runOutcome(run: { status: SyncRunStatus; error: string | null; failed: number }): RunOutcome {
  switch (run.status) {
    case "RUNNING":
      return { label: "Running", tone: "running", reason: null, stoppedEarly: false };
    case "SUCCEEDED":
      return { label: "Completed", tone: "ok", reason: null, stoppedEarly: false };
    case "PARTIAL":
      return {
        label: "Completed with failures",
        tone: "warning",
        reason:
          run.error ??
          `${run.failed.toLocaleString()} client${run.failed === 1 ? " was" : "s were"} not accepted: see Failures.`,
        stoppedEarly: false,
      };
    case "FAILED":
      return {
        label: "Failed",
        tone: "problem",
        reason: run.error ?? "The sync stopped with an error.",
        stoppedEarly: true,
      };
    case "CANCELLED":
      return {
        label: "Cancelled",
        tone: "problem",
        reason: run.error ?? "The sync was cancelled.",
        stoppedEarly: true,
      };
    case "PAUSED":
      return {
        label: "Paused",
        tone: "warning",
        reason: run.error ?? "Waiting for the provider's daily limit to reset.",
        stoppedEarly: true,
      };
    case "SENT":
      return {
        label: "Sent, answer pending",
        tone: "running",
        reason:
          run.error ??
          "Sent. Today's changes are batched to fit the day's API budget, so the provider's answer is read with the next unsubscribe check.",
        stoppedEarly: false,
      };
    case "INTERRUPTED":
      return {
        label: "Interrupted",
        tone: "problem",
        reason:
          run.error ??
          "The sync stopped before it finished. Its changes are still pending and go out with the next sync.",
        stoppedEarly: true,
      };
  }
}

/** Runs that did not do their work: the chart marks the days they happened. */
export const PROBLEM_RUN_STATUSES: readonly SyncRunStatus[] = ["FAILED", "CANCELLED", "INTERRUPTED"];
