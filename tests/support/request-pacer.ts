// Paces the calls of one process, for tests that want a private pace instead of the platform limiter (which an
// in-process pacer cannot replace in production: it cannot see other processes).
import { slotIntervalMs, type CallGate } from "@/lib/integrations/constant-contact/platform-limiter";

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
