import type { BusinessContext } from "../auth/business-context";
import { UserFacingError } from "../auth/errors";
import { recordAudit } from "../audit";
import { db } from "../db";
import { requestSync, requestUnsubscribePull } from "../jobs/request-sync";
import { closeInterruptedRuns } from "./close-interrupted-runs";
import { liveRunWhere } from "./run-lease";

/** "Sync now" (push and unsubscribe pull): owners and staff; refused while a run is in progress or the connection needs attention. */
export async function requestManualSync(ctx: BusinessContext): Promise<void> {
  const connection = await db.constantContactConnection.findUnique({
    where: { businessId: ctx.businessId },
    select: { id: true, status: true, quotaPausedUntil: true },
  });
  if (!connection || connection.status !== "ACTIVE")
    throw new UserFacingError("Connect Constant Contact and choose a list first.");
  if (connection.quotaPausedUntil && connection.quotaPausedUntil > new Date())
    throw new UserFacingError("Syncing is paused until Constant Contact's daily limit resets.");
  // A run whose executor is gone (its lease expired: a crash) blocks nothing: it is closed as interrupted here.
  const now = new Date();
  await closeInterruptedRuns({ businessId: ctx.businessId }, now);
  const running = await db.syncRun.count({
    where: { businessId: ctx.businessId, ...liveRunWhere(now), kind: { not: "UNSUBSCRIBE_PULL" } },
  });
  if (running > 0) throw new UserFacingError("A sync is already running.");
  await recordAudit({ action: "sync.requested_manually", actor: ctx.actor, businessId: ctx.businessId });
  // Both directions: send what changed here, and bring back unsubscribes from Constant Contact.
  await requestSync(ctx.businessId, "MANUAL");
  await requestUnsubscribePull(connection.id);
}
