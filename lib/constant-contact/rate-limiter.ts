import "server-only";
import { env } from "../env";

/**
 * CC counts requests by when they arrive, rps per sliding second. Sending exactly 1000/rps ms apart leaves no room
 * for the network: if request k is held up d ms on the way and request k+rps is not, they arrive 1000 - d ms apart
 * and the second is throttled (through a link with 0-120 ms of jitter, 8 or 9 of 40 calls were answered 429).
 * Slots (1000 + budget)/rps ms apart keep any rps+1 consecutive requests at least a second apart on arrival
 * as long as their latencies differ by at most the budget. 250 ms covers ordinary jitter on a link to CC, with room
 * for a timer that fires late; it costs a fifth of the throughput (3.2 instead of 4 requests a second).
 */
const JITTER_BUDGET_MS = 250;

/**
 * Paces calls to Constant Contact. CC's limits are per API key, i.e. for the whole platform (4 requests/second on a
 * standard key), so this is one pacer per process, shared by every business. It hands out evenly spaced slots
 * (see JITTER_BUDGET_MS for how far apart): no bursts, and concurrent callers queue instead of hammering CC into 429s.
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
    this.intervalMs = (1000 + JITTER_BUDGET_MS) / requestsPerSecond;
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
