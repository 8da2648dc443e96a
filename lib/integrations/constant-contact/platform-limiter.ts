import "server-only";
import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { db, type Db } from "../../db";
import { env } from "../../env";
import { dailyCaps, nextUtcMidnight, utcDay } from "./budget-policy";
import { recordCall } from "../call-ledger";
import { CALL_PRIORITY, isBackground, type CallPurpose } from "../call-purpose";
import { CcBudgetError } from "./errors";
import { postgresLimiters, redisLimiters, type LimiterFactory } from "../rate-limit-store";
import { Redis } from "ioredis";

/**
 * CC counts requests by when they arrive, rps per sliding second. Sending exactly 1000/rps ms apart leaves no room
 * for the network: if request k is held up d ms on the way and request k+rps is not, they arrive 1000 - d ms apart
 * and the second is throttled (through a link with 0-120 ms of jitter, 8 or 9 of 40 calls were answered 429).
 * Slots (1000 + budget)/rps ms apart keep any rps+1 consecutive requests at least a second apart on arrival
 * as long as their latencies differ by at most the budget. 250 ms covers ordinary jitter on a link to CC, with room
 * for a timer that fires late; it costs a fifth of the throughput (3.2 instead of 4 requests a second).
 */
const JITTER_BUDGET_MS = 250;

/** How far apart calls are let through at `requestsPerSecond` (see JITTER_BUDGET_MS). */
export function slotIntervalMs(requestsPerSecond: number): number {
  return (1000 + JITTER_BUDGET_MS) / requestsPerSecond;
}

/**
 * What the API client waits on before each request: `take` resolves when the call may be sent (it may reject when
 * the day's budget says no), `backOff` eases everyone off after a 429 `throttled`. The platform's limiter
 * (below) is shared by every process; tests may pace one process on their own (tests/support/request-pacer.ts).
 */
export interface CallGate {
  take(purpose?: CallPurpose): Promise<void>;
  backOff(ms: number): void;
}

export type PlatformLimiterSettings = {
  requestsPerSecond: number;
  dailyBudget: number;
  /** The API key the limits belong to (CC_CLIENT_ID): every process using it shares the counters. */
  keyId: string;
  limiters: LimiterFactory;
  database: Db;
};

type Waiter = {
  purpose: CallPurpose;
  seq: number;
  charged: boolean;
  resolve: () => void;
  reject: (error: unknown) => void;
};

/**
 * A waiting call of a lower priority retries this much later per priority step when the slot frees: across
 * processes, whoever retries first wins the slot, so an interactive call waiting in one process beats a pull
 * waiting in another.
 */
const YIELD_PER_PRIORITY_MS = 15;
const TWO_DAYS_S = 2 * 86_400;

/**
 * The one limiter of every Constant Contact call, in every process (app instances, local runners, Inngest's
 * serverless workers): the API key's limits belong to the whole platform. Shared through the database with
 * rate-limiter-flexible (see rate-limit-store.ts):
 *
 * - **Per second**: one slot key with 1 point per `slotIntervalMs` (the jitter margin of rate-limiter.ts). The
 *   library's window starts at the consume that opens it, so two calls are always at least an interval apart,
 *   whichever processes make them: any rps+1 consecutive calls span more than a second, with the margin to spare.
 * - **Per day** (UTC, the quota's day): one counter for the whole key and one per business, checked against the
 *   caps of budget-policy.ts before the call takes a slot. Background work stops at the interactive reserve and at
 *   its business's share; an interactive call may use the whole budget, never more, so `quota_exceeded` is not
 *   reached in normal operation. A refusal is a CcBudgetError (nothing was sent).
 * - **Ledger**: each call let through is counted by hour, kind and business (call-ledger.ts).
 *
 * Inside a process, waiting calls queue by priority (call-purpose.ts) and, within a priority, by the business
 * served least recently, so one business's long sync cannot starve another's small change; only the head of the
 * queue competes for the shared slot, so the database sees at most one contender per process.
 */
export class PlatformLimiter implements CallGate {
  private readonly slot: RateLimiterAbstract;
  private readonly dayAll: RateLimiterAbstract;
  private readonly dayBackground: RateLimiterAbstract;
  private readonly businessDay: RateLimiterAbstract;
  private readonly waiting: Waiter[] = [];
  private readonly lastServed = new Map<string, number>();
  private served = 0;
  private seq = 0;
  private pumping = false;
  private pausedUntil = 0;

  constructor(private readonly settings: PlatformLimiterSettings) {
    const caps = dailyCaps(settings.dailyBudget);
    const key = `cc:${settings.keyId}`;
    this.slot = settings.limiters({
      keyPrefix: `${key}:slot`,
      points: 1,
      duration: slotIntervalMs(settings.requestsPerSecond) / 1000,
    });
    // Two caps on one counter: the whole key's calls of the day.
    this.dayAll = settings.limiters({ keyPrefix: `${key}:day`, points: caps.all, duration: TWO_DAYS_S });
    this.dayBackground = settings.limiters({ keyPrefix: `${key}:day`, points: caps.background, duration: TWO_DAYS_S });
    this.businessDay = settings.limiters({
      keyPrefix: `${key}:business`,
      points: caps.perBusiness,
      duration: TWO_DAYS_S,
    });
  }

  take(purpose?: CallPurpose): Promise<void> {
    if (!purpose)
      return Promise.reject(
        new Error("A Constant Contact call needs its purpose (kind and business) to pass the platform limiter."),
      );
    return new Promise((resolve, reject) => {
      this.waiting.push({ purpose, seq: this.seq++, charged: false, resolve, reject });
      void this.pump();
    });
  }

  /** After a 429 `throttled`: every process waits (the slot key is blocked), not only this one. */
  backOff(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
    this.slot.block("", ms / 1000).catch(() => {});
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.waiting.length > 0) {
        const next = this.nextWaiter();
        try {
          if (this.pausedUntil > Date.now()) {
            await sleep(this.pausedUntil - Date.now());
            continue;
          }
          if (!next.charged) {
            await this.charge(next.purpose);
            next.charged = true;
          }
          const waitMs = await this.trySlot();
          if (waitMs > 0) {
            await sleep(waitMs + YIELD_PER_PRIORITY_MS * CALL_PRIORITY[next.purpose.kind]);
            continue;
          }
          this.settle(next);
          this.lastServed.set(next.purpose.businessId, ++this.served);
          next.resolve();
        } catch (error) {
          this.settle(next);
          next.reject(error);
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  /** Highest priority first; within it the business served least recently, then first come. */
  private nextWaiter(): Waiter {
    const rank = (w: Waiter) => [CALL_PRIORITY[w.purpose.kind], this.lastServed.get(w.purpose.businessId) ?? 0, w.seq];
    return this.waiting.reduce((best, w) => {
      const [a, b] = [rank(w), rank(best)];
      for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? w : best;
      return best;
    });
  }

  private settle(waiter: Waiter): void {
    this.waiting.splice(this.waiting.indexOf(waiter), 1);
  }

  /** Counts the call against the day and the ledger, or refuses it (CcBudgetError) without counting it. */
  private async charge(purpose: CallPurpose): Promise<void> {
    const now = new Date();
    const day = utcDay(now);
    const businessKey = `${purpose.businessId}:${day}`;
    const background = isBackground(purpose.kind);
    if (background && !(await consumed(this.businessDay, businessKey))) {
      throw new CcBudgetError("business_share", purpose.businessId, nextUtcMidnight(now));
    }
    if (!(await consumed(background ? this.dayBackground : this.dayAll, day))) {
      if (background) await this.businessDay.reward(businessKey, 1);
      throw new CcBudgetError(
        background ? "background_reserve" : "daily_budget",
        purpose.businessId,
        nextUtcMidnight(now),
      );
    }
    await recordCall(this.settings.database, "CONSTANT_CONTACT", purpose, now);
  }

  /** 0 when this process took the slot, else how long until it frees. */
  private async trySlot(): Promise<number> {
    try {
      await this.slot.consume("", 1);
      return 0;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return Math.max(1, rejection.msBeforeNext);
      throw rejection;
    }
  }
}

/**
 * Takes one point, or gives it back when over the cap: the library counts a refused consume too, and a refused
 * call must not use up the day.
 */
async function consumed(limiter: RateLimiterAbstract, key: string): Promise<boolean> {
  try {
    await limiter.consume(key, 1);
    return true;
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    await limiter.reward(key, 1);
    return false;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const globalForLimiter = globalThis as unknown as { __ccPlatformLimiter?: PlatformLimiter };

/** The process's handle on the platform limiter (held on globalThis so Next's separate module graphs share one). */
export function platformLimiter(): PlatformLimiter {
  const settings = env();
  globalForLimiter.__ccPlatformLimiter ??= new PlatformLimiter({
    requestsPerSecond: settings.CC_REQUESTS_PER_SECOND,
    dailyBudget: settings.CC_DAILY_CALL_BUDGET,
    keyId: settings.CC_CLIENT_ID,
    // Redis when REDIS_URL is set (fewer round trips on a busy platform); else the database everyone already shares.
    limiters: settings.REDIS_URL
      ? redisLimiters(new Redis(settings.REDIS_URL, { maxRetriesPerRequest: 3 }))
      : postgresLimiters(db),
    database: db,
  });
  return globalForLimiter.__ccPlatformLimiter;
}
