// CC's limits are per API key (client id), shared by every account and token of that key: N requests per second and
// a daily quota that resets at 00:00 UTC. The token endpoint has its own per-second limit.

export interface RateLimitConfig {
  requestsPerSecond: number;
  dailyQuota: number;
  tokenRequestsPerSecond: number;
}

interface ClientCounters {
  /** Times of the API requests let through in the last second (sliding window). */
  recent: number[];
  tokenRecent: number[];
  day: string;
  dayCount: number;
}

export type ApiVerdict = "ok" | "throttled" | "quota_exceeded";

/** What the limits saw since the last reset, over every client id: the proof a caller kept to them. */
export interface RateStats {
  /** The most API requests that arrived within any one second (sliding), refused ones included. */
  peakPerSecond: number;
  throttled: number;
  quotaExceeded: number;
}

export class RateLimiter {
  private readonly clients = new Map<string, ClientCounters>();
  private arrivals: number[] = [];
  private seen: RateStats = { peakPerSecond: 0, throttled: 0, quotaExceeded: 0 };

  constructor(
    private readonly config: () => RateLimitConfig,
    private readonly now: () => number,
  ) {}

  /** Counts the request when it is let through; refused requests do not use up the quota. */
  checkApi(clientId: string): ApiVerdict {
    const verdict = this.verdict(clientId);
    if (verdict === "throttled") this.seen.throttled++;
    if (verdict === "quota_exceeded") this.seen.quotaExceeded++;
    return verdict;
  }

  stats(): RateStats {
    return { ...this.seen };
  }

  resetStats(): void {
    this.arrivals = [];
    this.seen = { peakPerSecond: 0, throttled: 0, quotaExceeded: 0 };
  }

  private verdict(clientId: string): ApiVerdict {
    const counters = this.counters(clientId);
    const now = this.now();
    prune(this.arrivals, now);
    this.arrivals.push(now);
    this.seen.peakPerSecond = Math.max(this.seen.peakPerSecond, this.arrivals.length);
    const day = utcDay(now);
    if (counters.day !== day) {
      counters.day = day;
      counters.dayCount = 0;
    }
    if (counters.dayCount >= this.config().dailyQuota) return "quota_exceeded";
    prune(counters.recent, now);
    if (counters.recent.length >= this.config().requestsPerSecond) return "throttled";
    counters.recent.push(now);
    counters.dayCount++;
    return "ok";
  }

  checkToken(clientId: string): boolean {
    const counters = this.counters(clientId);
    const now = this.now();
    prune(counters.tokenRecent, now);
    if (counters.tokenRecent.length >= this.config().tokenRequestsPerSecond) return false;
    counters.tokenRecent.push(now);
    return true;
  }

  usage(): Record<string, { day: string; dayCount: number }> {
    return Object.fromEntries([...this.clients].map(([id, c]) => [id, { day: c.day, dayCount: c.dayCount }]));
  }

  reset(): void {
    this.clients.clear();
    this.resetStats();
  }

  private counters(clientId: string): ClientCounters {
    let counters = this.clients.get(clientId);
    if (!counters) {
      counters = { recent: [], tokenRecent: [], day: "", dayCount: 0 };
      this.clients.set(clientId, counters);
    }
    return counters;
  }
}

function prune(times: number[], now: number): void {
  while (times.length > 0 && (times[0] ?? 0) <= now - 1000) times.shift();
}

function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
