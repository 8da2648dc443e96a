import { reviewSyncHealth } from "../alerts/review-sync-health";
import { db } from "../db";
import { requestMailDelivery } from "../jobs/request-mail";
import { finishRun } from "./sync-runs";

/**
 * Closes a push run: PARTIAL when some clients failed, and stamps the connection's last successful sync. The owners'
 * alerts follow what the run found (clients that cannot be sent; a failure or quota pause that is now over).
 */
export async function finishPushRun(input: { runId: string; connectionId: string }): Promise<void> {
  const run = await db.syncRun.findUniqueOrThrow({
    where: { id: input.runId },
    select: { failed: true, businessId: true },
  });
  await finishRun(input.runId, run.failed > 0 ? "PARTIAL" : "SUCCEEDED");
  await db.constantContactConnection.update({
    where: { id: input.connectionId },
    data: { lastSyncedAt: new Date(), lastError: null },
  });
  await requestMailDelivery(await db.$transaction((tx) => reviewSyncHealth(tx, run.businessId)));
}
