// Mailchimp's one throttle: at most N requests in flight per account (10); the next one is refused with 429 at once.
// No per-second or daily quota exists. The statistics are the proof a caller kept under the limit.

export interface ConnectionStats {
  /** Requests in flight now, per account email. */
  inFlight: Record<string, number>;
  /** The most requests any account had in flight at once since the last reset, per account email. */
  peak: Record<string, number>;
  /** Requests refused with 429 for the limit since the last reset. */
  refused: number;
}

export class ConnectionLimiter {
  private inFlight = new Map<string, number>();
  private peak = new Map<string, number>();
  private refused = 0;

  /** A release function when the request may run, null when the account already has `max` in flight. */
  acquire(account: string, max: number): (() => void) | null {
    const current = this.inFlight.get(account) ?? 0;
    if (current >= max) {
      this.refused++;
      return null;
    }
    this.inFlight.set(account, current + 1);
    this.peak.set(account, Math.max(this.peak.get(account) ?? 0, current + 1));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const now = (this.inFlight.get(account) ?? 1) - 1;
      if (now <= 0) this.inFlight.delete(account);
      else this.inFlight.set(account, now);
    };
  }

  stats(): ConnectionStats {
    return {
      inFlight: Object.fromEntries(this.inFlight),
      peak: Object.fromEntries(this.peak),
      refused: this.refused,
    };
  }

  /** Clears the statistics; requests in flight stay counted. */
  resetStats(): void {
    this.peak = new Map(this.inFlight);
    this.refused = 0;
  }
}
