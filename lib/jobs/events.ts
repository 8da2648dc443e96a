// Every event of the app, typed and validated with zod (Inngest v4 `eventType`). The domain owns this contract:
// lib/jobs/send-event.ts sends these events, and both engines (Inngest, the local runner in inngest/) consume them
// through the job declarations in inngest/jobs.ts.
import { eventType } from "inngest";
import { z } from "zod";

export const SyncTrigger = z.enum(["LIST_SAVED", "RECONNECTED", "CLIENT_CHANGE", "SCHEDULE", "MANUAL", "RETRY"]);
export type SyncTrigger = z.infer<typeof SyncTrigger>;

/** A push run of one connection (its business is carried for flow control and logs). */
export const PushRequest = z.object({ connectionId: z.uuid(), businessId: z.uuid(), trigger: SyncTrigger });
export type PushRequest = z.infer<typeof PushRequest>;

export const DisconnectNotice = z.object({ connectionId: z.uuid() });
export type DisconnectNotice = z.infer<typeof DisconnectNotice>;

export const UnsubscribePullRequest = z.object({
  connectionId: z.uuid(),
  trigger: z.enum(["SCHEDULE", "MANUAL"]),
  /**
   * The connection's last unsubscribe pull as the scheduler's fan-out saw it (null: never pulled). A scheduled pull
   * finding another since is skipped. Absent in a Sync now, and in events sent before the field existed: those run.
   */
  seenPullAt: z.iso.datetime().nullable().optional(),
});
export type UnsubscribePullRequest = z.infer<typeof UnsubscribePullRequest>;

export const ReconcileRequest = z.object({ businessId: z.uuid().optional() });
export type ReconcileRequest = z.infer<typeof ReconcileRequest>;

export const MailSendRequest = z.object({ outboxId: z.uuid() });
export type MailSendRequest = z.infer<typeof MailSendRequest>;

/** Something changed that a connection's list should hear about (debounced per connection). */
export const pushRequested = eventType("sync/push.requested", { schema: PushRequest });

/** A person's explicit act (Sync now, Retry, a list saved, reconnected): not debounced. */
export const pushNowRequested = eventType("sync/push.now", { schema: PushRequest });

/** The connection was disconnected: its in-flight runs are cancelled. */
export const connectionDisconnected = eventType("sync/connection.disconnected", { schema: DisconnectNotice });

/** Pull unsubscribes (and bounces) of one connection (fanned out by the scheduler, or asked for by Sync now). */
export const unsubscribePullRequested = eventType("sync/pull.requested", { schema: UnsubscribePullRequest });

/** The reconcile sweep on demand (it also runs daily). */
export const reconcileRequested = eventType("sync/reconcile.requested", { schema: ReconcileRequest });

/** An email was written to the outbox (its cause committed): send it. */
export const mailSendRequested = eventType("mail/send.requested", { schema: MailSendRequest });
