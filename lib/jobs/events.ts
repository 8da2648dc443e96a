// Every event of the app, typed and validated with zod (Inngest v4 `eventType`). The domain owns this contract:
// lib/jobs/send-event.ts sends these events, and both engines (Inngest, the local runner in inngest/) consume them.
import { eventType } from "inngest";
import { z } from "zod";

export const SyncTrigger = z.enum(["LIST_SAVED", "RECONNECTED", "CLIENT_CHANGE", "SCHEDULE", "MANUAL", "RETRY"]);
export type SyncTrigger = z.infer<typeof SyncTrigger>;

export const SyncRequest = z.object({ businessId: z.uuid(), trigger: SyncTrigger });
export type SyncRequest = z.infer<typeof SyncRequest>;

export const DisconnectNotice = z.object({ businessId: z.uuid() });
export type DisconnectNotice = z.infer<typeof DisconnectNotice>;

export const UnsubscribePullRequest = z.object({ connectionId: z.uuid(), trigger: z.enum(["SCHEDULE", "MANUAL"]) });
export type UnsubscribePullRequest = z.infer<typeof UnsubscribePullRequest>;

export const ReconcileRequest = z.object({ businessId: z.uuid().optional() });
export type ReconcileRequest = z.infer<typeof ReconcileRequest>;

/** Something changed for a business that Constant Contact should hear about (debounced per business). */
export const syncRequested = eventType("cc/sync.requested", { schema: SyncRequest });

/** The business disconnected: in-flight runs of that business are cancelled. */
export const connectionDisconnected = eventType("cc/connection.disconnected", { schema: DisconnectNotice });

/** "Sync now" from the status page: not debounced. */
export const syncNowRequested = eventType("cc/sync.now", { schema: SyncRequest });

/** Pull unsubscribes of one connection (fanned out by the scheduler). */
export const unsubscribePullRequested = eventType("cc/unsubscribes.pull", { schema: UnsubscribePullRequest });

/** The reconcile sweep on demand (it also runs daily). */
export const reconcileRequested = eventType("cc/reconcile.requested", { schema: ReconcileRequest });
