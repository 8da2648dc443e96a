import { eventType } from "inngest";
import { z } from "zod";

/** Every event of the app, typed and validated with zod (Inngest v4 `eventType`). */
export const SyncTrigger = z.enum(["LIST_SAVED", "RECONNECTED", "CLIENT_CHANGE", "SCHEDULE", "MANUAL", "RETRY"]);
export type SyncTrigger = z.infer<typeof SyncTrigger>;

/** Something changed for a business that Constant Contact should hear about (debounced per business). */
export const syncRequested = eventType("cc/sync.requested", {
  schema: z.object({ businessId: z.uuid(), trigger: SyncTrigger }),
});

/** The business disconnected: in-flight runs of that business are cancelled. */
export const connectionDisconnected = eventType("cc/connection.disconnected", {
  schema: z.object({ businessId: z.uuid() }),
});

/** "Sync now" from the status page: not debounced. */
export const syncNowRequested = eventType("cc/sync.now", {
  schema: z.object({ businessId: z.uuid(), trigger: SyncTrigger }),
});

/** Pull unsubscribes of one connection (fanned out by the scheduler). */
export const unsubscribePullRequested = eventType("cc/unsubscribes.pull", {
  schema: z.object({ connectionId: z.uuid(), trigger: z.enum(["SCHEDULE", "MANUAL"]) }),
});

/** The reconcile sweep on demand (it also runs daily). */
export const reconcileRequested = eventType("cc/reconcile.requested", {
  schema: z.object({ businessId: z.uuid().optional() }),
});
