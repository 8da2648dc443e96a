import { connectionDisconnected, syncNowRequested, syncRequested, unsubscribePullRequested, type SyncTrigger } from "@/inngest/events";
import { sendEvent } from "@/inngest/send";

/**
 * Asks for a sync of one business, after the change that needs it has committed. Losing this event loses
 * nothing: the change is recorded in the database (Client.syncPending) and the reconcile sweep finds it.
 */
export async function requestSync(businessId: string, trigger: SyncTrigger): Promise<void> {
  try {
    await sendEvent(syncRequested.create({ businessId, trigger }));
  } catch (error) {
    console.error(`Could not request a sync for business ${businessId}; the reconcile sweep will pick it up.`, error);
  }
}

/** A sync that should start now ("Sync now", Retry): not debounced, still one run at a time per business. */
export async function requestSyncNow(businessId: string, trigger: SyncTrigger): Promise<void> {
  await sendEvent(syncNowRequested.create({ businessId, trigger }));
}

export async function requestUnsubscribePull(connectionId: string): Promise<void> {
  await sendEvent(unsubscribePullRequested.create({ connectionId, trigger: "MANUAL" }));
}

export async function announceDisconnect(businessId: string): Promise<void> {
  await sendEvent(connectionDisconnected.create({ businessId })).catch((error) => console.error("Could not announce disconnect", error));
}
