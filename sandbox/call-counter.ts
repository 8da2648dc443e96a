// Counts calls per endpoint pattern (`POST /v3/activities/contacts_json_import`) and keeps a log of them (method,
// pattern, time, account), so tests can assert how many calls the app made, e.g. that an unchanged client is not
// sent again, or that a run's own count of its API calls matches what the provider saw.

export interface CallLogEntry {
  method: string;
  /** The route pattern (`/3.0/lists/{list_id}/members/{subscriber_hash}`), or the raw path when no route matched. */
  endpoint: string;
  /** On the sandbox clock. */
  at: number;
  /** The account the call acted for, when the credentials named one. */
  account: string | null;
}

/** The log is for tests and benchmarks; past this many entries the oldest are dropped (and `logDropped` says so). */
const MAX_LOG = 1_000_000;

export class CallCounter {
  private counts = new Map<string, number>();
  private total = 0;
  private entries: CallLogEntry[] = [];
  private dropped = 0;

  record(method: string, endpoint: string, at = 0, account: string | null = null): void {
    const key = `${method} ${endpoint}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.total++;
    this.entries.push({ method, endpoint, at, account });
    if (this.entries.length > MAX_LOG) {
      this.entries.shift();
      this.dropped++;
    }
  }

  snapshot(): { total: number; calls: Record<string, number> } {
    return { total: this.total, calls: Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b))) };
  }

  /** Every call in arrival order. */
  log(): { entries: CallLogEntry[]; logDropped: number } {
    return { entries: [...this.entries], logDropped: this.dropped };
  }

  reset(): void {
    this.counts = new Map();
    this.total = 0;
    this.entries = [];
    this.dropped = 0;
  }
}
