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
  /** Issue 11: the initial sync with client type and groups on, and a group change of `delta` clients. */
  segmentInitialImportCalls: number;
  segmentChangeCallsBesidesPolls: number;
  initialWallSeconds: number;
  peakRssMb: number;
};

export type BenchCheck = { name: string; expected: string; actual: string; ok: boolean };

/** README: 100,000 clients in at most 5 import calls and under 60 s; a delta in 1 call; under 400 MB; all in the list. */
export function benchChecks(f: BenchFigures): BenchCheck[] {
  const per100k = f.clients / 100_000;
  const maxImportCalls = Math.max(1, Math.ceil(5 * per100k));
  const maxInitialSeconds = 60 * Math.max(1, per100k);
  const check = (name: string, ok: boolean, expected: string, actual: number | null): BenchCheck => ({
    name,
    ok,
    expected,
    actual: String(actual),
  });
  return [
    check("contacts in the list", f.clientsInList === f.clients, `${f.clients}`, f.clientsInList),
    check("unsubscribes applied", f.unsubscribesApplied === f.unsubscribes, `${f.unsubscribes}`, f.unsubscribesApplied),
    check(
      "initial import calls",
      f.initialImportCalls >= 1 && f.initialImportCalls <= maxImportCalls,
      `1–${maxImportCalls} (5 per 100,000)`,
      f.initialImportCalls,
    ),
    check(
      "delta import calls",
      f.deltaImportCalls === (f.delta > 0 ? 1 : 0),
      f.delta > 0 ? "1" : "0",
      f.deltaImportCalls,
    ),
    check(
      "initial sync wall time",
      f.initialWallSeconds < maxInitialSeconds,
      `< ${maxInitialSeconds} s`,
      f.initialWallSeconds,
    ),
    check(
      "initial import calls with type and groups",
      f.segmentInitialImportCalls >= 1 && f.segmentInitialImportCalls <= maxImportCalls,
      `1–${maxImportCalls} (5 per 100,000)`,
      f.segmentInitialImportCalls,
    ),
    check(
      "group change calls besides polls",
      f.segmentChangeCallsBesidesPolls <= 3,
      "≤ 3 (custom fields looked up, one import)",
      f.segmentChangeCallsBesidesPolls,
    ),
    check("peak memory", f.peakRssMb < 400, "< 400 MB", f.peakRssMb),
  ];
}
