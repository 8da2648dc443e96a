// Local mode: the same handlers as the Inngest functions (lib/jobs/handlers), run in the app process where no
// Inngest server exists (`npm run dev`, browser tests). It provides what Inngest would: per-business debounce, one
// run at a time per key (a request during a run queues one more run), step retries with backoff, sleeps,
// cancellation on disconnect, and cron timers. It is deliberately small: production uses Inngest (JOBS_MODE=inngest).
//
// Several app processes may share one database (`next start` on two ports). Each job key (a business's sync, a
// connection's pull, the scheduler tick, the sweep) is then also held by a lock in the database
// (lib/jobs/job-lock.ts): a process that finds the key busy elsewhere keeps the request and waits its turn, so a
// business never has two syncs at once and no request is dropped. A process that dies frees its locks by expiry,
// and its runs are closed as interrupted by the lease check (on start, and every scheduler tick).
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import {
  connectionDisconnected,
  DisconnectNotice,
  MailSendRequest,
  mailSendRequested,
  reconcileRequested,
  ReconcileRequest,
  SyncRequest,
  syncNowRequested,
  syncRequested,
  UnsubscribePullRequest,
  unsubscribePullRequested,
} from "@/lib/jobs/events";
import { MAIL_SWEEP_MINUTES, mailOutboxSweepHandler } from "@/lib/jobs/handlers/mail-outbox-sweep";
import { pullUnsubscribesHandler } from "@/lib/jobs/handlers/pull-unsubscribes";
import { reconcileSweepHandler } from "@/lib/jobs/handlers/reconcile-sweep";
import { PULL_TICK_MINUTES, schedulePullsHandler } from "@/lib/jobs/handlers/schedule-unsubscribe-pulls";
import { sendMailHandler } from "@/lib/jobs/handlers/send-mail";
import { syncBusinessHandler } from "@/lib/jobs/handlers/sync-business";
import { withJobLock } from "@/lib/jobs/job-lock";
import { installLocalDispatcher, type Sendable } from "@/lib/jobs/send-event";
import { failRunAfterRetries } from "@/lib/sync/fail-run-after-retries";
import type { SyncStep } from "@/lib/jobs/step";
import { closeInterruptedRuns } from "@/lib/sync/close-interrupted-runs";

class CancelledError extends Error {}

type Options = {
  debounceMs: number;
  stepRetries?: number;
  retryBaseMs?: number;
  log?: (message: string, error?: unknown) => void;
  /** How long a crashed process's job locks outlive it, and how often a waiting process looks again. */
  lockTtlMs?: number;
  lockPollMs?: number;
};

export function createLocalRunner(options: Options) {
  const debounces = new Map<string, { timer: NodeJS.Timeout; data: SyncRequest }>();
  const running = new Map<
    string,
    { controller: AbortController; again: (() => Promise<unknown>) | null; done: Promise<void> }
  >();
  const timers: NodeJS.Timeout[] = [];
  const log = options.log ?? ((message: string, error?: unknown) => console.error(`[jobs] ${message}`, error ?? ""));
  // Who holds a job lock: this runner (host and pid help a person reading the JobLock table).
  const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

  const stepFor = (signal: AbortSignal): SyncStep => ({
    async run(id, fn) {
      for (let attempt = 0; ; attempt++) {
        if (signal.aborted) throw new CancelledError(`cancelled before ${id}`);
        try {
          return await fn();
        } catch (error) {
          if (attempt >= (options.stepRetries ?? 4) || signal.aborted) throw error;
          log(`step ${id} failed (attempt ${attempt + 1}); retrying`, error);
          await sleep((options.retryBaseMs ?? 1_000) * 2 ** attempt, signal);
        }
      }
    },
    sleep: (_id, ms) => sleep(ms, signal),
  });

  /**
   * Runs `job` under `key`, one at a time; a request while it runs queues exactly one more run. `onFailure` runs
   * when the job gave up after its step retries (as Inngest's onFailure does).
   */
  function enqueue(
    key: string,
    job: (step: SyncStep) => Promise<unknown>,
    onFailure?: (error: unknown) => Promise<void>,
  ): void {
    const current = running.get(key);
    if (current) {
      current.again = () => Promise.resolve(enqueue(key, job, onFailure));
      return;
    }
    const controller = new AbortController();
    const entry = { controller, again: null as (() => Promise<unknown>) | null, done: Promise.resolve() };
    entry.done = (async () => {
      try {
        await withJobLock({ key, owner, ttlMs: options.lockTtlMs ?? 30_000 }, () => job(stepFor(controller.signal)), {
          pollMs: options.lockPollMs ?? 1_000,
          signal: controller.signal,
          onLost: () => {
            log(`job ${key} lost its lock to another process; stopping`);
            controller.abort();
          },
          onError: (error) => log(`job lock ${key}`, error),
        });
      } catch (error) {
        if (!(error instanceof CancelledError) && !controller.signal.aborted) {
          log(`job ${key} failed`, error);
          await onFailure?.(error).catch((e) => log(`failure handling of ${key} failed`, e));
        }
      } finally {
        running.delete(key);
        if (entry.again && !controller.signal.aborted) await entry.again();
      }
    })();
    running.set(key, entry);
  }

  function syncSoon(data: SyncRequest) {
    const existing = debounces.get(data.businessId);
    if (existing) clearTimeout(existing.timer);
    const timer = setTimeout(() => {
      debounces.delete(data.businessId);
      syncNow(data);
    }, options.debounceMs);
    timer.unref?.();
    debounces.set(data.businessId, { timer, data });
  }

  function syncNow(data: SyncRequest) {
    enqueue(
      `sync-${data.businessId}`,
      (step) => syncBusinessHandler({ event: { data }, step }),
      (error) => failRunAfterRetries(data.businessId, (error as Error).message ?? String(error)),
    );
  }

  // Each event's data is parsed with its own schema here, as Inngest validates it before a function runs.
  async function dispatch(payload: Sendable): Promise<void> {
    for (const event of Array.isArray(payload) ? payload : [payload]) {
      switch (event.name) {
        case syncRequested.name:
          syncSoon(SyncRequest.parse(event.data));
          break;
        case syncNowRequested.name:
          syncNow(SyncRequest.parse(event.data));
          break;
        case connectionDisconnected.name: {
          const { businessId } = DisconnectNotice.parse(event.data);
          const pending = debounces.get(businessId);
          if (pending) clearTimeout(pending.timer);
          debounces.delete(businessId);
          const run = running.get(`sync-${businessId}`);
          if (run) {
            run.again = null;
            run.controller.abort();
          }
          break;
        }
        case unsubscribePullRequested.name: {
          const data = UnsubscribePullRequest.parse(event.data);
          enqueue(`pull-${data.connectionId}`, (step) => pullUnsubscribesHandler({ event: { data }, step }));
          break;
        }
        case reconcileRequested.name: {
          const data = ReconcileRequest.parse(event.data ?? {});
          enqueue("reconcile", (step) => reconcileSweepHandler({ event: { data }, step }));
          break;
        }
        case mailSendRequested.name: {
          const data = MailSendRequest.parse(event.data);
          enqueue(`mail-${data.outboxId}`, (step) => sendMailHandler({ event: { data }, step }));
          break;
        }
        default:
          log(`no local handler for event ${event.name}`);
      }
    }
  }

  return {
    dispatch,
    log,
    /**
     * Closes runs whose executor is gone (expired lease) as interrupted: at start, after a crash of this or
     * another process. Their clients stay pending and the next run sends them.
     */
    recoverInterruptedRuns: (now = new Date()) => closeInterruptedRuns({ allBusinesses: true }, now),
    /** Cron timers: unsubscribe pulls every tick, the outbox sweep every minute, the reconcile sweep shortly after start and then daily. */
    startSchedules(
      schedule: {
        pullEveryMs?: number;
        reconcileEveryMs?: number;
        firstReconcileAfterMs?: number;
        mailSweepEveryMs?: number;
      } = {},
    ) {
      const every = (ms: number, job: () => void) => {
        const t = setInterval(job, ms);
        t.unref?.();
        timers.push(t);
      };
      every(schedule.pullEveryMs ?? PULL_TICK_MINUTES * 60_000, () =>
        enqueue("schedule-pulls", (step) => schedulePullsHandler({ step })),
      );
      every(schedule.mailSweepEveryMs ?? MAIL_SWEEP_MINUTES * 60_000, () =>
        enqueue("mail-sweep", (step) => mailOutboxSweepHandler({ step })),
      );
      every(schedule.reconcileEveryMs ?? 24 * 60 * 60_000, () =>
        enqueue("reconcile", (step) => reconcileSweepHandler({ event: { data: {} }, step })),
      );
      const first = setTimeout(
        () => enqueue("reconcile", (step) => reconcileSweepHandler({ event: { data: {} }, step })),
        schedule.firstReconcileAfterMs ?? 30_000,
      );
      first.unref?.();
      timers.push(first);
    },
    /** Waits until nothing is debounced or running (tests). */
    async idle(): Promise<void> {
      while (debounces.size > 0 || running.size > 0) {
        await Promise.all([...running.values()].map((r) => r.done));
        if (debounces.size > 0) await sleep(20);
      }
    },
    stop() {
      timers.forEach((t) => clearInterval(t));
      debounces.forEach((d) => clearTimeout(d.timer));
      debounces.clear();
      running.forEach((r) => r.controller.abort());
    },
  };
}

export type LocalRunner = ReturnType<typeof createLocalRunner>;

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CancelledError("cancelled"));
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(new CancelledError("cancelled"));
      },
      { once: true },
    );
  });
}

const globalForRunner = globalThis as unknown as { __localRunner?: LocalRunner };

/** Starts the local runner once per process (Next may load this module in several graphs). */
export function startLocalRunner(options: Options & { schedules?: boolean }): LocalRunner {
  if (globalForRunner.__localRunner) return globalForRunner.__localRunner;
  const runner = createLocalRunner(options);
  installLocalDispatcher(runner.dispatch);
  void runner.recoverInterruptedRuns().then(
    (closed) => closed > 0 && runner.log(`closed ${closed} interrupted sync run(s) left by a stopped process`),
    (error) => runner.log("could not close interrupted sync runs", error),
  );
  if (options.schedules !== false) runner.startSchedules();
  globalForRunner.__localRunner = runner;
  return runner;
}
