import { openIncident } from "../alerts/incidents";
import { db } from "../db";
import { requestMailDelivery } from "../jobs/request-mail";
import { CcBudgetError, CcRateLimitError, ReconnectRequiredError } from "../constant-contact/errors";
import { finishRun } from "./sync-runs";

/**
 * Errors that end a run on purpose (as opposed to transient ones, which are thrown so the step is retried with
 * backoff): the connection needs reconnecting (clients stay pending and go out after reconnect), or the
 * platform's daily Constant Contact quota is spent (every connection waits until it resets at 00:00 UTC,
 * because the quota belongs to the API key, not to one business). Our own budget saying no (CcBudgetError: nothing
 * was sent) pauses the same way, but a business that used its share pauses alone: the others carry on.
 */
export async function endRunOnPermanentError(runId: string, error: unknown): Promise<boolean> {
  if (error instanceof ReconnectRequiredError) {
    await finishRun(
      runId,
      "FAILED",
      "Constant Contact needs to be reconnected. Pending changes will be sent after reconnecting.",
    );
    return true;
  }
  if (error instanceof CcBudgetError) {
    if (error.reason === "business_share") await pauseBusiness(error.businessId, error.resumeAt);
    else await pauseForQuota(error.resumeAt);
    await finishRun(runId, "PAUSED", error.message);
    return true;
  }
  if (error instanceof CcRateLimitError && error.kind === "quota_exceeded") {
    await pauseForQuota(error.resumeAt);
    await finishRun(
      runId,
      "PAUSED",
      `Constant Contact's daily request quota is used up; sync resumes after ${error.resumeAt.toISOString()}.`,
    );
    return true;
  }
  return false;
}

async function pauseBusiness(businessId: string, until: Date): Promise<void> {
  await db.constantContactConnection.updateMany({
    where: { businessId, status: "ACTIVE" },
    data: { quotaPausedUntil: until },
  });
}

export async function pauseForQuota(until: Date): Promise<void> {
  const alerts = await db.$transaction(async (tx) => {
    const paused = await tx.constantContactConnection.findMany({
      where: { status: "ACTIVE" },
      select: { businessId: true },
    });
    await tx.constantContactConnection.updateMany({ where: { status: "ACTIVE" }, data: { quotaPausedUntil: until } });
    // Every business waits, so every business's owners hear it once (an open incident is not repeated).
    const resumeAt = until.toISOString().slice(0, 16).replace("T", " ");
    const ids: string[] = [];
    for (const { businessId } of paused)
      ids.push(...(await openIncident(tx, { businessId, kind: "QUOTA_PAUSED", details: { resumeAt } })));
    return ids;
  });
  await requestMailDelivery(alerts);
}
