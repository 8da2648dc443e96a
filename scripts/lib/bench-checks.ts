// The benchmark's verdict: the checks and the README's targets, scaled to the sizes asked for. `npm run bench`
// exits non-zero when any of them fails, so a regression cannot hide in a printed table.
export type BenchFigures = {
  clients: number;
  delta: number;
  unsubscribes: number;
  clientsInList: number | null;
  unsubscribesApplied: number;
  initialImportCalls: number;
  deltaImportCalls: number;
  /** ⌈rows / rows per 3.5 MB⌉ for the clients the full sync sends (at most 40,000 rows a request). */
  minImportCalls: number;
  /** The full sync with client type and groups on, and a group change of `delta` clients. */
  segmentInitialImportCalls: number;
  segmentChangeCallsBesidesPolls: number;
  initialWallSeconds: number;
  peakRssMb: number;
  /** The clients page among `clients` clients of one business: median of a few runs, in milliseconds. */
  searchByNameMs: number;
  searchByEmailMs: number;
  pagePast1000Ms: number;
  /** Bounces of one campaign sent to the whole list, and what the bounce pull then did. */
  bounces: number;
  bouncesRecorded: number;
  bouncePullCalls: number;
  bouncePullWallSeconds: number;
};

/** Targets a run may set tighter than the README's (`npm run bench -- --memory-target-mb N`). */
export type BenchTargets = { peakRssMb: number };
export const README_TARGETS: BenchTargets = { peakRssMb: 300 };

export type BenchCheck = { name: string; expected: string; actual: string; ok: boolean };

/** Prints each check as PASS or FAIL. */
export function printVerdict(verdict: BenchCheck[]): void {
  for (const c of verdict) console.log(`${c.ok ? "PASS" : "FAIL"} ${c.name}: ${c.actual} (expected ${c.expected})`);
}

/** Ends the benchmark: exit code 1 naming the failed checks, or 0. */
export function exitWithVerdict(verdict: BenchCheck[]): never {
  const failures = verdict.filter((c) => !c.ok);
  if (failures.length > 0) console.error(`Benchmark failed: ${failures.map((c) => c.name).join(", ")}`);
  process.exit(failures.length > 0 ? 1 : 0);
}

function check(name: string, ok: boolean, expected: string, actual: number | null): BenchCheck {
  return { name, ok, expected, actual: String(actual) };
}

/**
 * README: the full sync in no more imports than 3.5 MB requests allow, 100,000 clients in at most 10 s and
 * 1,000,000 in at most 2 minutes (in between, on the line through the two), at most 300 MB for the sync's process;
 * a delta in 1 call; every client in the list. The clients page at that size: a search by name in at most 300 ms, by
 * email in at most 100 ms, a page past the first 1,000 clients in at most 50 ms. A campaign's bounces read in one list
 * of campaigns, the campaign, and a page per 500 bounces (6 calls for 2,000), within 10 s, and every bounce recorded.
 */
export function benchChecks(f: BenchFigures, targets: BenchTargets = README_TARGETS): BenchCheck[] {
  const maxImportCalls = Math.max(1, f.minImportCalls);
  // Target: type and groups ride in the same imports, at most 5 per 100,000 clients.
  const maxSegmentImportCalls = Math.max(1, Math.ceil((f.clients / 100_000) * 5));
  const maxInitialSeconds = f.clients <= 100_000 ? 10 : Math.round(10 + ((f.clients - 100_000) / 900_000) * 110);
  const maxBouncePullCalls = 2 + Math.max(1, Math.ceil(f.bounces / 500));
  return [
    check("contacts in the list", f.clientsInList === f.clients, `${f.clients}`, f.clientsInList),
    check("unsubscribes applied", f.unsubscribesApplied === f.unsubscribes, `${f.unsubscribes}`, f.unsubscribesApplied),
    check(
      "initial import calls",
      f.initialImportCalls >= 1 && f.initialImportCalls <= maxImportCalls,
      `1–${maxImportCalls} (⌈rows / rows per 3.5 MB⌉)`,
      f.initialImportCalls,
    ),
    check(
      "delta import calls",
      f.deltaImportCalls === (f.delta > 0 ? 1 : 0),
      f.delta > 0 ? "1" : "0",
      f.deltaImportCalls,
    ),
    check(
      "full sync wall time",
      f.initialWallSeconds <= maxInitialSeconds,
      `≤ ${maxInitialSeconds} s`,
      f.initialWallSeconds,
    ),
    check(
      "initial import calls with type and groups",
      f.segmentInitialImportCalls >= 1 && f.segmentInitialImportCalls <= maxSegmentImportCalls,
      `1–${maxSegmentImportCalls} (5 per 100,000)`,
      f.segmentInitialImportCalls,
    ),
    check(
      "group change calls besides polls",
      f.segmentChangeCallsBesidesPolls <= 3,
      "≤ 3 (custom fields looked up, one import)",
      f.segmentChangeCallsBesidesPolls,
    ),
    check("client search by name", f.searchByNameMs <= 300, "≤ 300 ms", f.searchByNameMs),
    check("client search by email", f.searchByEmailMs <= 100, "≤ 100 ms", f.searchByEmailMs),
    check("a page past the first 1,000 clients", f.pagePast1000Ms <= 50, "≤ 50 ms", f.pagePast1000Ms),
    check(
      "peak memory of the sync's process",
      f.peakRssMb <= targets.peakRssMb,
      `≤ ${targets.peakRssMb} MB`,
      f.peakRssMb,
    ),
    check("bounces recorded", f.bouncesRecorded === f.bounces, `${f.bounces}`, f.bouncesRecorded),
    check(
      "bounce pull calls",
      f.bouncePullCalls <= maxBouncePullCalls,
      `≤ ${maxBouncePullCalls} (campaigns, the campaign, a page per 500 bounces)`,
      f.bouncePullCalls,
    ),
    check("bounce pull wall time", f.bouncePullWallSeconds <= 10, "≤ 10 s", f.bouncePullWallSeconds),
  ];
}

/** `npm run bench -- --provider mailchimp`: what it measured, and the sizes asked for. */
export type McBenchFigures = {
  clients: number;
  delta: number;
  unsubscribes: number;
  /** Members subscribed in the audience after the full sync. */
  subscribedAfterInitial: number;
  initialWallSeconds: number;
  /** Overrides the full sync's target (20 s per 100,000 clients, at least 20 s). */
  targetInitialSeconds?: number;
  peakRssMb: number;
  /** The most calls the account had in flight at once, and the calls Mailchimp refused for its 10-connection limit. */
  peakInFlight: number;
  refused: number;
  deltaCalls: number;
  /** Unsubscribes applied by webhook with the endpoint up, and the 95th percentile of their delay (s). */
  webhookApplied: number;
  webhookP95Seconds: number | null;
  /** Unsubscribes made while the endpoint was down still not applied after the retries and the fallback pull. */
  outageLost: number;
};

/**
 * The Mailchimp targets: every client subscribed by the full sync, in at most 20 s per 100,000 clients and 300 MB
 * for its process, never over Mailchimp's 10 simultaneous connections; a delta in one batch subscribe call per 500
 * members (2 for 1,000), the merge fields not looked up again; unsubscribes made there applied by webhook with a p95
 * of at most 5 s, and none lost when our endpoint is down for a while.
 */
export function mailchimpBenchChecks(f: McBenchFigures): BenchCheck[] {
  const maxInitialSeconds = f.targetInitialSeconds ?? Math.max(20, (f.clients / 100_000) * 20);
  const maxDeltaCalls = Math.max(1, Math.ceil(f.delta / 500));
  return [
    check("members subscribed", f.subscribedAfterInitial === f.clients, `${f.clients}`, f.subscribedAfterInitial),
    check(
      "full sync wall time",
      f.initialWallSeconds <= maxInitialSeconds,
      `≤ ${maxInitialSeconds} s`,
      f.initialWallSeconds,
    ),
    check("peak memory of the sync's process", f.peakRssMb <= 300, "≤ 300 MB", f.peakRssMb),
    check("calls in flight", f.peakInFlight <= 10 && f.refused === 0, "≤ 10, none refused", f.peakInFlight),
    check("delta calls", f.deltaCalls <= maxDeltaCalls, `≤ ${maxDeltaCalls}`, f.deltaCalls),
    check(
      "unsubscribes applied by webhook",
      f.webhookApplied === f.unsubscribes,
      `${f.unsubscribes}`,
      f.webhookApplied,
    ),
    check("webhook p95", f.webhookP95Seconds !== null && f.webhookP95Seconds <= 5, "≤ 5 s", f.webhookP95Seconds),
    check("unsubscribes lost during the outage", f.outageLost === 0, "0", f.outageLost),
  ];
}
