import { db } from "../db";
import { isPullStillDue } from "./due-unsubscribe-pulls";
import { createRun } from "./sync-runs";

export type OpenedPull = { runId: string; businessId: string } | { skipped: string };

/**
 * Opens the one SyncRun of an unsubscribe pull, in a step of its own: the pull step that follows may be retried
 * (a 503 outage), and every attempt then adds to this run instead of opening another. A scheduled pull that is no
 * longer due (another tick's pull of the connection ran first) opens nothing.
 */
export async function openPullRun(
  input: { connectionId: string; trigger: "SCHEDULE" | "MANUAL" },
  now = new Date(),
): Promise<OpenedPull> {
  const connection = await db.constantContactConnection.findUnique({
    where: { id: input.connectionId },
    select: { id: true, businessId: true, lastUnsubscribePullAt: true },
  });
  if (!connection) return { skipped: "no such connection" };
  if (input.trigger === "SCHEDULE" && !(await isPullStillDue(connection, now)))
    return { skipped: "pulled since it was scheduled" };
  const run = await createRun(
    {
      businessId: connection.businessId,
      connectionId: connection.id,
      kind: "UNSUBSCRIBE_PULL",
      trigger: input.trigger,
      attempts: 0,
    },
    now,
  );
  return { runId: run.id, businessId: connection.businessId };
}
