// What the domain asks of the jobs: a push, an unsubscribe pull, the news of a disconnect.
import { db } from "../db";
import {
  connectionDisconnected,
  pushNowRequested,
  pushRequested,
  unsubscribePullRequested,
  type SyncTrigger,
} from "./events";
import { sendEvent } from "./send-event";

/**
 * Asks for a push of every connection of the business that keeps a list (but `except`), after the change that needs
 * it has committed. Losing this event loses nothing: the change is queued in the database (ClientSyncPending) and the
 * reconcile sweep finds it.
 */
export async function requestSync(
  businessId: string,
  trigger: SyncTrigger,
  options: { except?: string } = {},
): Promise<void> {
  try {
    const connections = await db.connection.findMany({
      where: {
        businessId,
        status: "ACTIVE",
        listId: { not: null },
        ...(options.except && { id: { not: options.except } }),
      },
      select: { id: true },
    });
    for (const { id } of connections) await requestPush({ connectionId: id, businessId }, trigger);
  } catch (error) {
    console.error(`Could not request a sync for business ${businessId}; the reconcile sweep will pick it up.`, error);
  }
}

/** Asks for a push of one connection. */
export async function requestPush(
  connection: { connectionId: string; businessId: string },
  trigger: SyncTrigger,
): Promise<void> {
  // Edits come in bursts and are debounced into one run; a person's explicit act (list saved, reconnected, Sync
  // now, Retry) starts a run at once.
  const event = trigger === "CLIENT_CHANGE" ? pushRequested : pushNowRequested;
  try {
    await sendEvent(event.create({ ...connection, trigger }));
  } catch (error) {
    console.error(
      `Could not request a push for ${connection.connectionId}; the reconcile sweep will pick it up.`,
      error,
    );
  }
}

export async function requestUnsubscribePull(connectionId: string): Promise<void> {
  await sendEvent(unsubscribePullRequested.create({ connectionId, trigger: "MANUAL" }));
}

export async function announceDisconnect(connectionId: string): Promise<void> {
  await sendEvent(connectionDisconnected.create({ connectionId })).catch((error) =>
    console.error("Could not announce disconnect", error),
  );
}
