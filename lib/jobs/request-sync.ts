// What the domain asks of the jobs: a sync, an unsubscribe pull, the news of a disconnect.
import {
  connectionDisconnected,
  syncNowRequested,
  syncRequested,
  unsubscribePullRequested,
  type SyncTrigger,
} from "./events";
import { sendEvent } from "./send-event";

/**
 * Asks for a sync of one business, after the change that needs it has committed. Losing this event loses
 * nothing: the change is recorded in the database (ClientSyncPending) and the reconcile sweep finds it.
 */
export async function requestSync(businessId: string, trigger: SyncTrigger): Promise<void> {
  // Edits come in bursts and are debounced into one run; a person's explicit act (list saved, reconnected, Sync
  // now, Retry) starts a run at once.
  const event = trigger === "CLIENT_CHANGE" ? syncRequested : syncNowRequested;
  try {
    await sendEvent(event.create({ businessId, trigger }));
  } catch (error) {
    console.error(`Could not request a sync for business ${businessId}; the reconcile sweep will pick it up.`, error);
  }
}

export async function requestUnsubscribePull(connectionId: string): Promise<void> {
  await sendEvent(unsubscribePullRequested.create({ connectionId, trigger: "MANUAL" }));
}

export async function announceDisconnect(businessId: string): Promise<void> {
  await sendEvent(connectionDisconnected.create({ businessId })).catch((error) =>
    console.error("Could not announce disconnect", error),
  );
}
