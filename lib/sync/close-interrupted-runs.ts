import { db } from "../db";

export const INTERRUPTED_REASON =
  "The sync stopped before it finished (the process running it ended). Nothing was lost: its changes are still pending and go out with the next sync.";

/** Which runs to look at: one business (Sync now, its status), or every business (start-up, the sweeps). */
export type RunScope = { businessId: string } | { allBusinesses: true };

/**
 * Closes RUNNING runs whose lease has expired as INTERRUPTED, with the reason. Their clients were never marked
 * synced (that happens only when an import is confirmed), so they stay pending and the next run takes them.
 * Returns how many were closed.
 */
export async function closeInterruptedRuns(scope: RunScope, now = new Date()): Promise<number> {
  const { count } = await db.syncRun.updateMany({
    where: {
      ...("businessId" in scope ? { businessId: scope.businessId } : {}),
      status: "RUNNING",
      leaseExpiresAt: { lte: now },
    },
    data: { status: "INTERRUPTED", error: INTERRUPTED_REASON, finishedAt: now, phase: "done" },
  });
  return count;
}
