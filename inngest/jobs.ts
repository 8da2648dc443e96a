// Every background job, declared once: what starts it (events, a cron), its flow control (debounce, one run at a
// time per key, retries, cancellation) and its handler in lib/. Both engines read these declarations: inngest/index.ts
// turns each into an Inngest function, and the local runner (local-runner.ts) gives the same guarantees in-process.
//
// There is no Inngest throttle: every provider call passes its provider's shared limiter inside the API client
// (Constant Contact: the key's rate and daily budget; Mailchimp: simultaneous connections per account), in every
// engine and process. A throttle of whole function runs per second would only approximate that.
import { jobsEnv } from "@/lib/env";
import {
  connectionDisconnected,
  mailSendRequested,
  PushRequest,
  pushNowRequested,
  pushRequested,
  reconcileRequested,
  unsubscribePullRequested,
} from "@/lib/jobs/events";
import type { SyncStep } from "@/lib/jobs/step";
import { MAIL_SWEEP_MINUTES, mailOutboxSweepHandler, sendMailHandler } from "@/lib/mail/deliver-outbox-mail";
import { pullHandler, PULL_TICK_MINUTES, schedulePullsHandler } from "@/lib/sync/pull";
import { pushHandler } from "@/lib/sync/push";
import { waitBeforePush } from "@/lib/sync/push-pace";
import { reconcileSweepHandler } from "@/lib/sync/reconcile";
import { failRunAfterRetries } from "@/lib/sync/runs";

/** An event type of lib/jobs/events.ts: its name and the zod schema of its data. */
type EventOf<T> = { name: string; schema: { parse(data: unknown): T } };

export type JobDeclaration<T = Record<string, unknown>> = {
  id: string;
  /** The events that start the job (their data is parsed with the event's schema first). */
  events: EventOf<T>[];
  /** A schedule: Inngest's cron expression, and the same as an interval for the local runner's timer. */
  cron?: { expression: string; everyMs: number; firstAfterMs?: number };
  /** A burst of events with the same `by` is one run, `periodMs` after the last one and at most `timeoutMs` after the first. */
  debounce?: { by: keyof T & string; periodMs: number; timeoutMs: number };
  /**
   * How long a run waits before its work (ms), asked when the debounce is over: it sleeps without holding its
   * one-at-a-time key (Inngest's concurrency counts executing steps only), and what changes meanwhile goes in it.
   */
  waitFirst?: (data: T) => Promise<number>;
  /** One run at a time per key: `prefix` plus the event's `by` field (a job-wide lock without `by`). */
  oneAtATime?: { prefix?: string; by?: keyof T & string; scope?: "env" };
  /** Step retries after the first attempt (Inngest's `retries`; the local runner retries each step as often). */
  retries?: number;
  /** Runs (and debounced events) whose `by` field equals the cancelling event's are cancelled by it. */
  cancelOn?: { event: { name: string }; by: keyof T & string };
  /** After the last retry failed. */
  onFailure?: (data: T, error: Error) => Promise<void>;
  handler: (args: { event: { data: T }; step: SyncStep }) => Promise<unknown>;
};

const declare = <T>(job: JobDeclaration<T>) => job;

const pushFlowControl = () =>
  ({
    // "Sync now" and the debounced push share the key: one push run at a time per connection.
    oneAtATime: { prefix: "sync-", by: "connectionId", scope: "env" },
    retries: 5,
    cancelOn: { event: connectionDisconnected, by: "connectionId" },
    // After the last retry: the run is closed as failed and the owners hear about it (once per incident).
    onFailure: (data: PushRequest, error: Error) => failRunAfterRetries(data.connectionId, error.message),
    handler: pushHandler,
  }) as const;

/** Built on first use: the debounce period is a setting (read without the production secrets check). */
export function jobDeclarations() {
  return [
    declare<PushRequest>({
      id: "push",
      events: [pushRequested],
      debounce: { by: "connectionId", periodMs: jobsEnv().SYNC_DEBOUNCE_SECONDS * 1000, timeoutMs: 5 * 60_000 },
      // On a busy day client changes wait for the day's push plan and go together; Sync now (push-now) never does.
      waitFirst: (data) => waitBeforePush(data),
      ...pushFlowControl(),
    }),
    declare<PushRequest>({ id: "push-now", events: [pushNowRequested], ...pushFlowControl() }),
    declare({
      id: "pull",
      events: [unsubscribePullRequested],
      oneAtATime: { prefix: "pull-", by: "connectionId" },
      retries: 3,
      handler: pullHandler,
    }),
    declare<Record<string, never>>({
      id: "schedule-pulls",
      events: [],
      cron: { expression: `*/${PULL_TICK_MINUTES} * * * *`, everyMs: PULL_TICK_MINUTES * 60_000 },
      oneAtATime: {},
      handler: schedulePullsHandler,
    }),
    declare({
      id: "reconcile-sweep",
      events: [reconcileRequested],
      // Daily at 03:30 UTC; the local runner sweeps shortly after start and then every 24 hours.
      cron: { expression: "TZ=UTC 30 3 * * *", everyMs: 24 * 3_600_000, firstAfterMs: 30_000 },
      oneAtATime: {},
      handler: reconcileSweepHandler,
    }),
    declare({
      id: "send-mail",
      events: [mailSendRequested],
      oneAtATime: { prefix: "mail-", by: "outboxId" },
      retries: 5,
      handler: sendMailHandler,
    }),
    declare<Record<string, never>>({
      id: "mail-outbox-sweep",
      events: [],
      cron: { expression: `*/${MAIL_SWEEP_MINUTES} * * * *`, everyMs: MAIL_SWEEP_MINUTES * 60_000 },
      oneAtATime: {},
      handler: mailOutboxSweepHandler,
    }),
  ] as JobDeclaration[];
}
