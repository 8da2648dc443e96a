import { describe, expect, it } from "vitest";
import { benchChecks, mailchimpBenchChecks, type BenchFigures, type McBenchFigures } from "./bench-checks";

// A run that meets every target.
const measured: BenchFigures = {
  clients: 100_000,
  delta: 1_000,
  unsubscribes: 1_000,
  clientsInList: 100_000,
  unsubscribesApplied: 1_000,
  initialImportCalls: 3,
  deltaImportCalls: 1,
  segmentInitialImportCalls: 5,
  segmentChangeCallsBesidesPolls: 2,
  minImportCalls: 3,
  initialWallSeconds: 9.8,
  peakRssMb: 290,
  searchByNameMs: 140,
  searchByEmailMs: 40,
  pagePast1000Ms: 20,
  bounces: 2_000,
  bouncesRecorded: 2_000,
  bouncePullCalls: 6,
  bouncePullWallSeconds: 2.1,
};
const failed = (f: BenchFigures) =>
  benchChecks(f)
    .filter((c) => !c.ok)
    .map((c) => c.name);

describe("the benchmark's verdict", () => {
  it("passes a run that meets every target", () => {
    expect(failed(measured)).toEqual([]);
  });

  it("fails each check and target on its own", () => {
    expect(failed({ ...measured, clientsInList: 99_999 })).toEqual(["contacts in the list"]);
    expect(failed({ ...measured, clientsInList: null })).toEqual(["contacts in the list"]);
    expect(failed({ ...measured, unsubscribesApplied: 999 })).toEqual(["unsubscribes applied"]);
    expect(failed({ ...measured, initialImportCalls: 4 })).toEqual(["initial import calls"]);
    expect(failed({ ...measured, initialImportCalls: 0 })).toEqual(["initial import calls"]);
    expect(failed({ ...measured, deltaImportCalls: 2 })).toEqual(["delta import calls"]);
    expect(failed({ ...measured, initialWallSeconds: 10.1 })).toEqual(["full sync wall time"]);
    expect(failed({ ...measured, peakRssMb: 301 })).toEqual(["peak memory of the sync's process"]);
    expect(failed({ ...measured, segmentInitialImportCalls: 6 })).toEqual([
      "initial import calls with type and groups",
    ]);
    expect(failed({ ...measured, segmentChangeCallsBesidesPolls: 4 })).toEqual(["group change calls besides polls"]);
    expect(failed({ ...measured, searchByNameMs: 301 })).toEqual(["client search by name"]);
    expect(failed({ ...measured, searchByEmailMs: 101 })).toEqual(["client search by email"]);
    expect(failed({ ...measured, pagePast1000Ms: 51 })).toEqual(["a page past the first 1,000 clients"]);
    expect(failed({ ...measured, bouncesRecorded: 1_999 })).toEqual(["bounces recorded"]);
    expect(failed({ ...measured, bouncePullCalls: 7 })).toEqual(["bounce pull calls"]);
    expect(failed({ ...measured, bouncePullWallSeconds: 10.1 })).toEqual(["bounce pull wall time"]);
  });

  it("holds the sync's memory to a tighter target when one is given", () => {
    expect(benchChecks(measured, { peakRssMb: 289 }).filter((c) => !c.ok)).toMatchObject([
      { name: "peak memory of the sync's process", expected: "≤ 289 MB", actual: "290" },
    ]);
    expect(benchChecks(measured, { peakRssMb: 290 }).filter((c) => !c.ok)).toEqual([]);
  });

  it("takes the import-call bound from the rows and the time target from the size asked for", () => {
    const million = {
      ...measured,
      clients: 1_000_000,
      clientsInList: 1_000_000,
      minImportCalls: 25,
      segmentInitialImportCalls: 50,
    };
    expect(failed({ ...million, initialImportCalls: 25, initialWallSeconds: 120 })).toEqual([]);
    expect(failed({ ...million, initialImportCalls: 26, initialWallSeconds: 120 })).toEqual(["initial import calls"]);
    expect(failed({ ...million, initialImportCalls: 25, initialWallSeconds: 121 })).toEqual(["full sync wall time"]);
    expect(
      failed({ ...million, initialImportCalls: 25, initialWallSeconds: 120, segmentInitialImportCalls: 51 }),
    ).toEqual(["initial import calls with type and groups"]);
    const small = {
      ...measured,
      clients: 5_000,
      clientsInList: 5_000,
      minImportCalls: 1,
      segmentInitialImportCalls: 1,
    };
    expect(failed({ ...small, initialImportCalls: 2 })).toEqual(["initial import calls"]);
    // 100 bounces: one page of the report.
    expect(failed({ ...small, initialImportCalls: 1, bounces: 100, bouncesRecorded: 100, bouncePullCalls: 3 })).toEqual(
      [],
    );
    expect(failed({ ...small, initialImportCalls: 1, bounces: 100, bouncesRecorded: 100, bouncePullCalls: 4 })).toEqual(
      ["bounce pull calls"],
    );
    expect(failed({ ...small, initialImportCalls: 1, segmentInitialImportCalls: 2 })).toEqual([
      "initial import calls with type and groups",
    ]);
  });
});

describe("the Mailchimp benchmark's verdict", () => {
  const run: McBenchFigures = {
    clients: 100_000,
    delta: 1_000,
    unsubscribes: 1_000,
    subscribedAfterInitial: 100_000,
    initialWallSeconds: 19.5,
    peakRssMb: 250,
    peakInFlight: 8,
    refused: 0,
    deltaCalls: 2,
    webhookApplied: 1_000,
    webhookP95Seconds: 1.2,
    outageLost: 0,
  };
  const failing = (f: McBenchFigures) =>
    mailchimpBenchChecks(f)
      .filter((c) => !c.ok)
      .map((c) => c.name);

  it("passes a run that meets every target", () => {
    expect(failing(run)).toEqual([]);
  });

  it("fails each target on its own", () => {
    expect(failing({ ...run, subscribedAfterInitial: 99_999 })).toEqual(["members subscribed"]);
    expect(failing({ ...run, initialWallSeconds: 20.1 })).toEqual(["full sync wall time"]);
    expect(failing({ ...run, peakRssMb: 301 })).toEqual(["peak memory of the sync's process"]);
    expect(failing({ ...run, peakInFlight: 11 })).toEqual(["calls in flight"]);
    expect(failing({ ...run, refused: 1 })).toEqual(["calls in flight"]);
    expect(failing({ ...run, deltaCalls: 3 })).toEqual(["delta calls"]);
    expect(failing({ ...run, webhookApplied: 999 })).toEqual(["unsubscribes applied by webhook"]);
    expect(failing({ ...run, webhookP95Seconds: 5.01 })).toEqual(["webhook p95"]);
    expect(failing({ ...run, webhookP95Seconds: null })).toEqual(["webhook p95"]);
    expect(failing({ ...run, outageLost: 1 })).toEqual(["unsubscribes lost during the outage"]);
  });

  it("scales the time and delta targets with the sizes asked for, and takes a target given on the command line", () => {
    const small = { ...run, clients: 2_000, subscribedAfterInitial: 2_000, delta: 200, deltaCalls: 1 };
    expect(failing({ ...small, initialWallSeconds: 20 })).toEqual([]);
    expect(failing({ ...small, deltaCalls: 2 })).toEqual(["delta calls"]);
    const large = { ...run, clients: 300_000, subscribedAfterInitial: 300_000 };
    expect(failing({ ...large, initialWallSeconds: 60 })).toEqual([]);
    expect(failing({ ...large, initialWallSeconds: 61 })).toEqual(["full sync wall time"]);
    expect(failing({ ...run, targetInitialSeconds: 0 })).toEqual(["full sync wall time"]);
  });
});
