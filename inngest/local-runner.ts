// Local mode: the jobs of inngest/jobs.ts, run in the app process where no Inngest server exists (`npm run dev`,
// browser tests), with the flow control their declarations give: debounce (with its timeout), a planned wait before
// the run, one run at a time per key (a request during a run queues one more run), step retries with backoff, sleeps,
// cancellation, and cron timers. It is deliberately small: production uses Inngest (JOBS_MODE=inngest).
//
// Several app processes may share one database (`next start` on two ports). Each job key (a connection's push, a
// connection's pull, the scheduler tick, the sweep) is then also held by a lock in the database
// (lib/jobs/job-lock.ts): a process that finds the key busy elsewhere keeps the request and waits its turn, so a
// connection never has two pushes at once and no request is dropped. A process that dies frees its locks by expiry,
// and its runs are closed as interrupted by the lease check (on start, and every scheduler tick).
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { tryTakeJobLock, withJobLock } from "@/lib/jobs/job-lock";
import { installLocalDispatcher, type Sendable } from "@/lib/jobs/send-event";
import type { SyncStep } from "@/lib/jobs/step";
import { closeInterruptedRuns } from "@/lib/sync/runs";
import { jobDeclarations, type JobDeclaration } from "./jobs";

class CancelledError extends Error {}

type Options = {
  /** Overrides every debounced job's period (tests); default: the job's own declaration. */
  debounceMs?: number;
  stepRetries?: number;
  retryBaseMs?: number;
  log?: (message: string, error?: unknown) => void;
  /** How long a crashed process's job locks outlive it, and how often a waiting process looks again. */
  lockTtlMs?: number;
  lockPollMs?: number;
  /** The jobs to run (default: every declaration in inngest/jobs.ts). */
  jobs?: JobDeclaration[];
  /** The clock and timers of the debounce (default: the real ones); a test steps through a window with its own. */
  debounceClock?: DebounceClock;
};

/** What the debounce needs of time: now, and a timer it can cancel. */
export type DebounceClock = {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
};

const realClock: DebounceClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const timer = setTimeout(fn, ms);
    timer.unref?.();
    return timer;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

type Data = Record<string, unknown>;

export function createLocalRunner(options: Options) {
  const jobs = options.jobs ?? jobDeclarations();
  const debounces = new Map<string, { timer: unknown; firstAt: number; job: JobDeclaration; data: Data }>();
  const clock = options.debounceClock ?? realClock;
  // Debounced runs in their planned wait (`waitFirst`), by debounce key.
  const waiting = new Map<string, { timer: NodeJS.Timeout | null; job: JobDeclaration; data: Data }>();
  const running = new Map<
    string,
    { controller: AbortController; again: (() => Promise<unknown>) | null; done: Promise<void>; data: Data }
  >();
  const timers: NodeJS.Timeout[] = [];
  const log = options.log ?? ((message: string, error?: unknown) => console.error(`[jobs] ${message}`, error ?? ""));
  // Who holds a job lock: this runner (host and pid help a person reading the JobLock table).
  const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

  const stepFor = (signal: AbortSignal, retries: number): SyncStep => ({
    async run(id, fn) {
      for (let attempt = 0; ; attempt++) {
        if (signal.aborted) throw new CancelledError(`cancelled before ${id}`);
        try {
          return await fn();
        } catch (error) {
          if (attempt >= retries || signal.aborted) throw error;
          log(`step ${id} failed (attempt ${attempt + 1}); retrying`, error);
          await sleep((options.retryBaseMs ?? 1_000) * 2 ** attempt, signal);
        }
      }
    },
    sleep: (_id, ms) => sleep(ms, signal),
  });

  /** The job's lock key: one run at a time per key (`prefix` + the data's `by` field), else one per run. */
  const keyOf = (job: JobDeclaration, data: Data) =>
    job.oneAtATime
      ? `${job.oneAtATime.prefix ?? `${job.id}-`}${job.oneAtATime.by ? String(data[job.oneAtATime.by]) : ""}`
      : `${job.id}-${randomUUID()}`;

  /**
   * Runs the job under its key, one at a time; a request while it runs queues exactly one more run. `onFailure`
   * runs when the job gave up after its step retries (as Inngest's onFailure does).
   */
  function enqueue(job: JobDeclaration, data: Data): void {
    const key = keyOf(job, data);
    const current = running.get(key);
    if (current) {
      current.again = () => Promise.resolve(enqueue(job, data));
      return;
    }
    const controller = new AbortController();
    const entry = {
      controller,
      again: null as (() => Promise<unknown>) | null,
      done: Promise.resolve(),
      data,
    };
    const retries = options.stepRetries ?? job.retries ?? 4;
    entry.done = (async () => {
      try {
        await withJobLock(
          { key, owner, ttlMs: options.lockTtlMs ?? 30_000 },
          () => job.handler({ event: { data }, step: stepFor(controller.signal, retries) }),
          {
            pollMs: options.lockPollMs ?? 1_000,
            signal: controller.signal,
            onLost: () => {
              log(`job ${key} lost its lock to another process; stopping`);
              controller.abort();
            },
            onError: (error) => log(`job lock ${key}`, error),
          },
        );
      } catch (error) {
        if (!(error instanceof CancelledError) && !controller.signal.aborted) {
          log(`job ${key} failed`, error);
          await job.onFailure?.(data, error as Error).catch((e) => log(`failure handling of ${key} failed`, e));
        }
      } finally {
        running.delete(key);
        if (entry.again && !controller.signal.aborted) await entry.again();
      }
    })();
    running.set(key, entry);
  }

  /**
   * A burst of events with the same key is one run, started `periodMs` after the last event, and at the latest
   * `timeoutMs` after the first (as Inngest's debounce timeout: a steady stream of edits cannot postpone it forever).
   * The run gets the last event's data.
   */
  function debounce(job: JobDeclaration, data: Data): void {
    const spec = job.debounce!;
    const key = `${job.id}:${String(data[spec.by])}`;
    const planned = waiting.get(key);
    if (planned) {
      planned.data = data;
      return;
    }
    const periodMs = options.debounceMs ?? spec.periodMs;
    const existing = debounces.get(key);
    if (existing) clock.clearTimeout(existing.timer);
    const firstAt = existing?.firstAt ?? clock.now();
    const wait = Math.max(0, Math.min(periodMs, firstAt + spec.timeoutMs - clock.now()));
    const timer = clock.setTimeout(() => {
      debounces.delete(key);
      if (job.waitFirst) void waitFirst(job, data, key);
      else enqueue(job, data);
    }, wait);
    debounces.set(key, { timer, firstAt, job, data });
  }

  /**
   * The job's planned wait before its run, outside its one-at-a-time key (as Inngest's sleeping run holds no
   * concurrency slot): a person's run of the same key goes meanwhile. Events of the key that arrive while it waits
   * go in this run (its handler reads what is pending when it starts). A plan that cannot be made runs at once.
   */
  async function waitFirst(job: JobDeclaration, data: Data, key: string): Promise<void> {
    const entry: { timer: NodeJS.Timeout | null; job: JobDeclaration; data: Data } = { timer: null, job, data };
    waiting.set(key, entry);
    let waitMs = 0;
    try {
      waitMs = await job.waitFirst!(data);
    } catch (error) {
      log(`planning the wait of ${key} failed; running it now`, error);
    }
    if (waiting.get(key) !== entry) return; // cancelled or stopped while planning
    const start = () => {
      if (waiting.get(key) !== entry) return;
      waiting.delete(key);
      enqueue(job, entry.data);
    };
    if (waitMs <= 0) return start();
    entry.timer = setTimeout(start, waitMs);
    entry.timer.unref?.();
  }

  /** A cancelling event: the debounced events and running runs whose `by` field matches are dropped. */
  function cancel(eventName: string, data: Data): void {
    for (const job of jobs) {
      if (job.cancelOn?.event.name !== eventName) continue;
      const value = data[job.cancelOn.by];
      for (const [key, pending] of debounces)
        if (pending.job === job && pending.data[job.cancelOn.by] === value) {
          clock.clearTimeout(pending.timer);
          debounces.delete(key);
        }
      for (const [key, planned] of waiting)
        if (planned.job === job && planned.data[job.cancelOn.by] === value) {
          if (planned.timer) clearTimeout(planned.timer);
          waiting.delete(key);
        }
      const run = running.get(keyOf(job, { [job.cancelOn.by]: value }));
      if (run && run.data[job.cancelOn.by] === value) {
        run.again = null;
        run.controller.abort();
      }
    }
  }

  // Each event's data is parsed with its own schema here, as Inngest validates it before a function runs.
  async function dispatch(payload: Sendable): Promise<void> {
    for (const event of Array.isArray(payload) ? payload : [payload]) {
      let handled = false;
      for (const job of jobs) {
        const declared = job.events.find((e) => e.name === event.name);
        if (!declared) continue;
        handled = true;
        const data = declared.schema.parse(event.data ?? {}) as Data;
        if (job.debounce) debounce(job, data);
        else enqueue(job, data);
      }
      if (jobs.some((job) => job.cancelOn?.event.name === event.name)) {
        handled = true;
        cancel(event.name, (event.data ?? {}) as Data);
      }
      if (!handled) log(`no local handler for event ${event.name}`);
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
    /**
     * Cron timers: every job with a schedule runs every `everyMs` (its first run after `firstAfterMs`, else after one
     * interval); with several processes on one database, one process's tick per interval. `overrides` sets other
     * intervals by job id (tests, benchmarks).
     */
    startSchedules(overrides: Record<string, { everyMs?: number; firstAfterMs?: number }> = {}) {
      for (const job of jobs) {
        if (!job.cron) continue;
        const everyMs = overrides[job.id]?.everyMs ?? job.cron.everyMs;
        const firstAfterMs = overrides[job.id]?.firstAfterMs ?? job.cron.firstAfterMs;
        const tick = () => enqueue(job, {});
        // Every process keeps the timer, but one tick per period runs across them (as Inngest runs a cron once): the
        // first process to tick holds the period's lock until just before the next one. Without it each process
        // fanned out the same due pulls, and all but one of them found the connection pulled already.
        const periodTick = () =>
          void tryTakeJobLock({ key: `cron-${job.id}`, owner, ttlMs: Math.max(1, Math.floor(everyMs * 0.9)) }).then(
            (taken) => taken && tick(),
            (error) => {
              log(`cron lock of ${job.id}; ticking anyway`, error);
              tick();
            },
          );
        const interval = setInterval(periodTick, everyMs);
        interval.unref?.();
        timers.push(interval);
        if (firstAfterMs !== undefined) {
          const first = setTimeout(tick, firstAfterMs);
          first.unref?.();
          timers.push(first);
        }
      }
    },
    /** Waits until no job is running; debounced events may still be waiting (tests). */
    async settled(): Promise<void> {
      while (running.size > 0) await Promise.all([...running.values()].map((r) => r.done));
    },
    /** Waits until nothing is debounced or running (tests). */
    async idle(): Promise<void> {
      while (debounces.size > 0 || waiting.size > 0 || running.size > 0) {
        await Promise.all([...running.values()].map((r) => r.done));
        if (debounces.size > 0 || waiting.size > 0) await sleep(20);
      }
    },
    stop() {
      timers.forEach((t) => clearInterval(t));
      debounces.forEach((d) => clock.clearTimeout(d.timer));
      debounces.clear();
      waiting.forEach((w) => w.timer && clearTimeout(w.timer));
      waiting.clear();
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
