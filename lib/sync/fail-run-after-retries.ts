import { openIncident } from "../alerts/incidents";
import { db } from "../db";
import { requestMailDelivery } from "../jobs/request-mail";

/**
 * A sync job gave up after all its retries (Inngest's onFailure, or the local runner's last attempt): the business's
 * running push run is closed as FAILED with the error, and the owners hear about it once per incident (a later
 * finished run ends it). The clients stay pending, so nothing is lost.
 */
export async function failRunAfterRetries(businessId: string, error: string): Promise<void> {
  const message = error.slice(0, 500);
  const alerts = await db.$transaction(async (tx) => {
    await tx.syncRun.updateMany({
      where: { businessId, status: "RUNNING", kind: { not: "UNSUBSCRIBE_PULL" } },
      data: { status: "FAILED", error: `Failed after retries: ${message}`, finishedAt: new Date(), phase: "done" },
    });
    return openIncident(tx, { businessId, kind: "RUN_FAILED", details: { error: message } });
  });
  await requestMailDelivery(alerts);
}
