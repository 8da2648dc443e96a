// Counts calls per endpoint (`POST /v3/activities/contacts_json_import`), so tests can assert how many calls the
// app made, e.g. that an unchanged client is not sent again.
export class CallCounter {
  private counts = new Map<string, number>();
  private total = 0;

  record(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.total++;
  }

  snapshot(): { total: number; calls: Record<string, number> } {
    return { total: this.total, calls: Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b))) };
  }

  reset(): void {
    this.counts = new Map();
    this.total = 0;
  }
}
