import "server-only";
import { env } from "../env";

/**
 * Paces calls to Constant Contact. CC's limits are per API key, i.e. for the whole platform (4 requests/second on a
 * standard key), so this is one pacer per process, shared by every business. It hands out evenly spaced slots
 * (1000/rps ms apart): no bursts, and concurrent callers queue instead of hammering CC into 429s.
 *
 * Across several app instances an in-process pacer cannot see the others: there the Inngest functions' `throttle`
 * (keyed on the API key, limit = CC_REQUESTS_PER_SECOND) is the platform-wide guard, and this pacer only smooths
 * each instance's own bursts. Any 429 `throttled` that still happens is retried with backoff by the API client.
 */
export class RequestPacer {
  private nextSlot = 0;
  private readonly intervalMs: number;

  constructor(
    requestsPerSecond: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    this.intervalMs = 1000 / requestsPerSecond;
  }

  /** Resolves when the caller may send its request. */
  async take(): Promise<void> {
    const now = this.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + this.intervalMs;
    if (slot > now) await this.sleep(slot - now);
  }

  /** After a 429 `throttled`: push every later slot back, so the whole process eases off, not just one caller. */
  backOff(ms: number): void {
    this.nextSlot = Math.max(this.nextSlot, this.now() + ms);
  }
}

const globalForPacer = globalThis as unknown as { __ccPacer?: RequestPacer };

/** The process-wide pacer (held on globalThis so Next's separate module graphs share one). */
export function sharedPacer(): RequestPacer {
  globalForPacer.__ccPacer ??= new RequestPacer(env().CC_REQUESTS_PER_SECOND);
  return globalForPacer.__ccPacer;
}
