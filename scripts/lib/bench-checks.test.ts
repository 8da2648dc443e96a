import { describe, expect, it } from "vitest";
import { benchChecks, type BenchFigures } from "./bench-checks";

// The README's measured run: every check passes.
const measured: BenchFigures = {
  clients: 100_000,
  delta: 1_000,
  unsubscribes: 1_000,
  clientsInList: 100_000,
  unsubscribesApplied: 1_000,
  initialImportCalls: 4,
  deltaImportCalls: 1,
  segmentInitialImportCalls: 5,
  segmentChangeCallsBesidesPolls: 2,
  initialWallSeconds: 37.1,
  peakRssMb: 362,
};
const failed = (f: BenchFigures) =>
  benchChecks(f)
    .filter((c) => !c.ok)
    .map((c) => c.name);

describe("the benchmark's verdict", () => {
  it("passes the README's measured run", () => {
    expect(failed(measured)).toEqual([]);
  });

  it("fails each check and target on its own", () => {
    expect(failed({ ...measured, clientsInList: 99_999 })).toEqual(["contacts in the list"]);
    expect(failed({ ...measured, clientsInList: null })).toEqual(["contacts in the list"]);
    expect(failed({ ...measured, unsubscribesApplied: 999 })).toEqual(["unsubscribes applied"]);
    expect(failed({ ...measured, initialImportCalls: 6 })).toEqual(["initial import calls"]);
    expect(failed({ ...measured, deltaImportCalls: 2 })).toEqual(["delta import calls"]);
    expect(failed({ ...measured, initialWallSeconds: 61 })).toEqual(["initial sync wall time"]);
    expect(failed({ ...measured, peakRssMb: 401 })).toEqual(["peak memory"]);
    expect(failed({ ...measured, segmentInitialImportCalls: 6 })).toEqual([
      "initial import calls with type and groups",
    ]);
    expect(failed({ ...measured, segmentChangeCallsBesidesPolls: 4 })).toEqual(["group change calls besides polls"]);
  });

  it("scales the import-call target to the size asked for", () => {
    expect(failed({ ...measured, clients: 200_000, clientsInList: 200_000, initialImportCalls: 10 })).toEqual([]);
    expect(failed({ ...measured, clients: 200_000, clientsInList: 200_000, initialImportCalls: 11 })).toEqual([
      "initial import calls",
    ]);
    const small = { ...measured, clients: 5_000, clientsInList: 5_000, segmentInitialImportCalls: 1 };
    expect(failed({ ...small, initialImportCalls: 2 })).toEqual(["initial import calls"]);
    expect(failed({ ...small, initialImportCalls: 1, segmentInitialImportCalls: 2 })).toEqual([
      "initial import calls with type and groups",
    ]);
  });
});
