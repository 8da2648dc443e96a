import "server-only";
// Mailchimp allows 10 simultaneous connections per account, whoever opens them: this is the platform's share of
// them, counted across every app process (a rate-limiter-flexible counter in Postgres, or in Redis when REDIS_URL is
// set, like Constant Contact's limiter). A call takes a slot before it is sent and gives it back when it is done; a
// slot whose holder died comes back when the counter's window (Mailchimp's 120 s call timeout) ends. Every call let
// through is counted in the platform's ledger.
import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { Redis } from "ioredis";
import { db, type Db } from "../../db";
import { jobsEnv, env } from "../../env";
import { recordCall } from "../call-ledger";
import type { CallPurpose } from "../call-purpose";
import { postgresLimiters, redisLimiters, type LimiterFactory } from "../rate-limit-store";

/** Mailchimp's own timeout of a call: no slot is held longer. */
const SLOT_WINDOW_S = 120;
const RETRY_MS = 40;

export class AccountLimiter {
  private readonly slots: RateLimiterAbstract;

  constructor(private readonly settings: { concurrentCalls: number; limiters: LimiterFactory; database: Db }) {
    this.slots = settings.limiters({
      keyPrefix: "mc:account",
      points: settings.concurrentCalls,
      duration: SLOT_WINDOW_S,
    });
  }

  /** Runs `call` holding one of the account's slots (waiting for one when all are taken). */
  async withSlot<T>(accountKey: string, purpose: CallPurpose | undefined, call: () => Promise<T>): Promise<T> {
    for (;;) {
      try {
        await this.slots.consume(accountKey, 1);
        break;
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        // A refused consume is counted by the library too: give it back.
        await this.slots.reward(accountKey, 1);
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS + Math.random() * RETRY_MS));
      }
    }
    try {
      if (purpose) await recordCall(this.settings.database, "MAILCHIMP", purpose, new Date());
      return await call();
    } finally {
      await this.slots.reward(accountKey, 1).catch(() => {});
    }
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
