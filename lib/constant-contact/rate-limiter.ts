import type { CallPurpose } from "./call-purpose";

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
 * (platform-limiter.ts) is shared by every process; RequestPacer below paces one process on its own (tests).
 */
export interface CallGate {
  take(purpose?: CallPurpose): Promise<void>;
  backOff(ms: number): void;
}

/**
 * Paces the calls of one process: evenly spaced slots (see JITTER_BUDGET_MS for how far apart), no bursts, and
 * concurrent callers queue instead of hammering CC into 429s. An in-process pacer cannot see other processes, so
 * production uses the platform limiter (platform-limiter.ts), which spaces slots the same way across processes;
 * this one serves tests that want a private pace.
 */
export class RequestPacer implements CallGate {
  private nextSlot = 0;
  private readonly intervalMs: number;

  constructor(
    requestsPerSecond: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    this.intervalMs = slotIntervalMs(requestsPerSecond);
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
