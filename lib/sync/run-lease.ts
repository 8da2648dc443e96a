// How the liveness of a run is known: SyncRun.leaseExpiresAt, renewed by every step of the run. The executor of a
// run (an Inngest step, the local runner) can vanish without a word (a crash, `kill -9`, an engine that gave up),
// so a RUNNING row alone says nothing; a RUNNING row whose lease has expired has no executor left.
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";

/**
 * Longer than any one step takes (a batch of 40,000 rows with the API client's own retries), and than the gap
 * an engine leaves between two steps. Planned pauses (an import wait) and step retries are added on top.
 */
export const RUN_LEASE_MS = 5 * 60_000;

/** Covers the engine's wait before retrying a failed step (Inngest's backoff grows to minutes). */
export const STEP_RETRY_ALLOWANCE_MS = 30 * 60_000;

export function leaseUntil(now: Date, holdMs = 0): Date {
  return new Date(now.getTime() + holdMs + RUN_LEASE_MS);
}

/**
 * Extends a running run's lease past `holdMs` (a pause the run is about to take, or a retry's backoff) plus the
 * lease itself. Says false when the run is no longer RUNNING (closed meanwhile: cancelled, interrupted), and
 * the executor should then stop.
 */
export async function renewLease(runId: string, holdMs = 0, now = new Date()): Promise<boolean> {
  const { count } = await db.syncRun.updateMany({
    where: { id: runId, status: "RUNNING" },
    data: { leaseExpiresAt: leaseUntil(now, holdMs) },
  });
  return count > 0;
}

/** A run that is RUNNING and has an executor (no lease: a row written without one, taken as alive). */
export function liveRunWhere(now: Date): Prisma.SyncRunWhereInput {
  return { status: "RUNNING", OR: [{ leaseExpiresAt: null }, { leaseExpiresAt: { gt: now } }] };
}
