// Locks shared by every app process on one database, for local mode (inngest/local-runner.ts): one scheduler tick,
// one sync of a business, one pull of a connection at a time across processes. Inngest gives the same guarantees
// with its concurrency keys, so only local mode uses these.
//
// A row with an expiry, not a Postgres advisory lock. The embedded database (PGlite behind pglite-socket: `npm run
// dev`, and the tests without DATABASE_URL) is ONE backend session shared by all connections, so there
// pg_try_advisory_lock succeeds for every caller (session locks are re-entrant) and excludes nobody (checked:
// two connections, same pg_backend_pid, both get the lock). A transaction-level lock would need a transaction held
// open for the whole run, which on PGlite stalls every other connection (it serialises transactions) and on
// Postgres pins a pool connection per running job. The row works alike on both: taken by one atomic upsert that
// wins only when the lock is free or expired, renewed while held, deleted when done; a holder that crashed
// (`kill -9`) frees it by letting it expire. Times come from the database's clock, shared by every process.
// Its writes do not wait for the disk (lib/db.ts): a lock lost in a crash of the database is taken again or expires.
import { db, withoutWaitingForDisk } from "../db";

export type JobLockSpec = { key: string; owner: string; ttlMs: number };

export async function tryTakeJobLock({ key, owner, ttlMs }: JobLockSpec): Promise<boolean> {
  const taken = await withoutWaitingForDisk(db.$queryRaw<{ owner: string }[]>`
    INSERT INTO "JobLock" ("key", "owner", "expiresAt") VALUES (${key}, ${owner}, now() + ${ttlMs}::int * interval '1 millisecond')
    ON CONFLICT ("key") DO UPDATE SET "owner" = EXCLUDED."owner", "expiresAt" = EXCLUDED."expiresAt"
    WHERE "JobLock"."expiresAt" <= now()
    RETURNING "owner"`);
  return taken.length > 0;
}

/** False when the lock is no longer ours (it expired and another process took it). */
export async function renewJobLock({ key, owner, ttlMs }: JobLockSpec): Promise<boolean> {
  const renewed = await withoutWaitingForDisk(db.$executeRaw`
    UPDATE "JobLock" SET "expiresAt" = now() + ${ttlMs}::int * interval '1 millisecond' WHERE "key" = ${key} AND "owner" = ${owner}`);
  return renewed > 0;
}

export async function releaseJobLock({ key, owner }: JobLockSpec): Promise<void> {
  await withoutWaitingForDisk(db.$executeRaw`DELETE FROM "JobLock" WHERE "key" = ${key} AND "owner" = ${owner}`);
}

/**
 * Runs `work` holding the lock: waits for it (polling every `pollMs`; the caller keeps the request meanwhile),
 * renews it every third of its ttl while the work runs, and releases it afterwards. `onLost` is told if a renewal
 * finds the lock taken by another process (this one stalled past the ttl), so the work can stop.
 */
export async function withJobLock<T>(
  lock: JobLockSpec,
  work: () => Promise<T>,
  options: { pollMs: number; signal: AbortSignal; onLost: () => void; onError: (error: unknown) => void },
): Promise<T> {
  while (!(await tryTakeJobLock(lock))) {
    await pause(options.pollMs, options.signal);
  }
  const heartbeat = setInterval(
    () => {
      renewJobLock(lock).then((held) => held || options.onLost(), options.onError);
    },
    Math.max(50, Math.floor(lock.ttlMs / 3)),
  );
  heartbeat.unref?.();
  try {
    return await work();
  } finally {
    clearInterval(heartbeat);
    await releaseJobLock(lock).catch(options.onError);
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Error("cancelled while waiting for a job lock"));
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      if (signal.aborted) reject(new Error("cancelled while waiting for a job lock"));
      else resolve();
    }
  });
}
