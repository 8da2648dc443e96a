import { db } from "../db";
import type { SyncRunKind, SyncRunStatus, SyncRunTrigger } from "../generated/prisma/client";
import { leaseUntil } from "./run-lease";

/** SyncRun bookkeeping: the history staff see, and the counts a run accumulates across its steps. */
export type RunCounts = Partial<{
  considered: number;
  sent: number;
  added: number;
  updated: number;
  removed: number;
  unsubscribesPulled: number;
  failed: number;
  skipped: number;
  apiCalls: number;
}>;

/** Opens a run with its first lease (run-lease.ts); `attempts` 0 for a run whose work counts its own attempts. */
export async function createRun(
  input: {
    businessId: string;
    connectionId: string;
    kind: SyncRunKind;
    trigger: SyncRunTrigger;
    total?: number;
    attempts?: number;
  },
  now = new Date(),
) {
  return db.syncRun.create({
    data: { ...input, total: input.total ?? 0, phase: "starting", leaseExpiresAt: leaseUntil(now) },
    select: { id: true },
  });
}

export async function addToRun(
  runId: string,
  counts: RunCounts,
  progress: { phase?: string; activityPercent?: number } = {},
) {
  const increments = Object.fromEntries(
    Object.entries(counts)
      .filter(([, v]) => v)
      .map(([k, v]) => [k, { increment: v }]),
  );
  await db.syncRun.update({ where: { id: runId }, data: { ...increments, ...progress } });
}

export async function finishRun(runId: string, status: Exclude<SyncRunStatus, "RUNNING">, error?: string) {
  // A run cancelled by a disconnect stays cancelled: only a RUNNING run is finished here.
  await db.syncRun.updateMany({
    where: { id: runId, status: "RUNNING" },
    data: { status, error: error?.slice(0, 2_000) ?? null, finishedAt: new Date(), phase: "done" },
  });
}

/** Counts API calls in memory during a step and adds them to the run once (one write, not one per call). */
export function callCounter() {
  let calls = 0;
  return {
    onCall: () => {
      calls++;
    },
    get calls() {
      return calls;
    },
  };
}
