import "server-only";
// Mailchimp allows 10 simultaneous connections per account, whoever opens them: this is the platform's share of
// them, counted across every app process (rate-limiter-flexible keys in Postgres, or in Redis when REDIS_URL is set,
// like Constant Contact's limiter). Each slot is a key of its own that one call holds at a time: taken before the call
// is sent, deleted when it is done; a slot whose holder died comes back when its window (a little over Mailchimp's
// 120 s call timeout, counted from when it was taken) ends. One counter for all the slots would not do: its window
// runs from its first call, and when it ends under calls still in flight the count starts again from zero. Every
// call let through is counted in the platform's ledger.
import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { Redis } from "ioredis";
import { db, type Db } from "../../db";
import { jobsEnv, env } from "../../env";
import { recordCall } from "../call-ledger";
import type { CallPurpose } from "../call-purpose";
import { postgresLimiters, redisLimiters, type LimiterFactory } from "../rate-limit-store";

/** A little over Mailchimp's own timeout of a call (and our client's): no live call holds a slot longer. */
const SLOT_WINDOW_S = 125;
const RETRY_MS = 40;

export class AccountLimiter {
  private readonly slots: RateLimiterAbstract;
  /** This process's calls per account wait here first, so only as many as there are slots ask the store. */
  private readonly local = new Map<string, { holders: number; waiting: (() => void)[] }>();

  constructor(
    private readonly settings: {
      concurrentCalls: number;
      limiters: LimiterFactory;
      database: Db;
      slotWindowS?: number;
    },
  ) {
    this.slots = settings.limiters({
      keyPrefix: "mc:slot",
      points: 1,
      duration: settings.slotWindowS ?? SLOT_WINDOW_S,
    });
  }

  /** Runs `call` holding one of the account's slots (waiting for one when all are taken). */
  async withSlot<T>(accountKey: string, purpose: CallPurpose | undefined, call: () => Promise<T>): Promise<T> {
    await this.enter(accountKey);
    try {
      const slot = await this.takeSlot(accountKey);
      try {
        if (purpose) await recordCall(this.settings.database, "MAILCHIMP", purpose, new Date());
        return await call();
      } finally {
        await this.slots.delete(slot).catch(() => {});
      }
    } finally {
      this.leave(accountKey);
    }
  }

  /** A free slot of the account (other processes may hold some), tried from a random one so takers spread. */
  private async takeSlot(accountKey: string): Promise<string> {
    const n = this.settings.concurrentCalls;
    for (;;) {
      const first = Math.floor(Math.random() * n);
      for (let i = 0; i < n; i++) {
        const slot = `${accountKey}:${(first + i) % n}`;
        try {
          await this.slots.consume(slot, 1);
          return slot;
        } catch (rejection) {
          if (!(rejection instanceof RateLimiterRes)) throw rejection;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS + Math.random() * RETRY_MS));
    }
  }

  private async enter(accountKey: string): Promise<void> {
    const queue = this.local.get(accountKey) ?? { holders: 0, waiting: [] };
    this.local.set(accountKey, queue);
    if (queue.holders < this.settings.concurrentCalls) {
      queue.holders++;
      return;
    }
    // The leaving holder hands its place over (holders stays the same).
    await new Promise<void>((resolve) => queue.waiting.push(resolve));
  }

  private leave(accountKey: string): void {
    const queue = this.local.get(accountKey)!;
    const next = queue.waiting.shift();
    if (next) return next();
    if (--queue.holders === 0) this.local.delete(accountKey);
  }
}

/**
 * The limiter's key for a connection: Mailchimp counts connections per account, and several businesses may connect the
 * same account (a chain's studios), so they share its slots. A connection without an account id yet has its own.
 */
export function mcAccountKey(connection: { id: string; accountId: string | null }): string {
  return connection.accountId ? `account:${connection.accountId}` : `connection:${connection.id}`;
}

const globalForLimiter = globalThis as unknown as { __mcAccountLimiter?: AccountLimiter };

/** The process's handle on the account limiter (held on globalThis so Next's separate module graphs share one). */
export function accountLimiter(): AccountLimiter {
  const settings = env();
  globalForLimiter.__mcAccountLimiter ??= new AccountLimiter({
    concurrentCalls: jobsEnv().MC_CONCURRENT_CALLS,
    limiters: settings.REDIS_URL
      ? redisLimiters(new Redis(settings.REDIS_URL, { maxRetriesPerRequest: 3 }))
      : postgresLimiters(db),
    database: db,
  });
  return globalForLimiter.__mcAccountLimiter;
}
