// `npm run bench:platform -- --hours N` and `-- --frontier`: the platform's day as the policy runs it, simulated
// minute by minute (lib/sync/day-simulation.ts) instead of through real processes, so a whole day takes seconds and
// needs no database. Writes .data/bench/platform.json, prints a table, and says whether the targets pass.
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { simulateDay, type DaySimulation } from "../../lib/sync/day-simulation";
import { DEFAULT_CALLS_PER_PULL } from "../../lib/sync/pull-schedule";
import { DEFAULT_CALLS_PER_PUSH } from "../../lib/sync/push-plan";
import { DAY_INTERACTIVE, dayBusinesses, dayChecks, KEYS, percentile, type PlatformCheck } from "./platform-figures";

/** SYNC_DEBOUNCE_SECONDS' default (lib/env.ts). */
const DEBOUNCE_MINUTES = 1;
const SEED = 7;

export type DayRun = ReturnType<typeof figuresOf>;

/** What a push run and a pull cost in the simulation: the app's defaults unless a what-if says otherwise. */
export type CostModel = { callsPerPush?: number; callsPerPull?: number; settleAtPull?: boolean };

export function runDay(input: { businesses: number; key: keyof typeof KEYS; hours: number } & CostModel) {
  const started = performance.now();
  const day = simulatePlatformDay(input);
  return figuresOf(day, input, (performance.now() - started) / 1_000);
}

/** The simulated day of `businesses` on a key, as the app's policy runs it (a day's warm-up before it). */
export function simulatePlatformDay(
  input: { businesses: number; key: keyof typeof KEYS; hours: number } & CostModel,
): DaySimulation {
  return simulateDay(dayBusinesses(input.businesses), {
    ...KEYS[input.key],
    hours: input.hours,
    debounceMinutes: DEBOUNCE_MINUTES,
    callsPerPush: input.callsPerPush ?? DEFAULT_CALLS_PER_PUSH,
    callsPerPull: input.callsPerPull ?? DEFAULT_CALLS_PER_PULL,
    settleAtPull: input.settleAtPull ?? true,
    interactive: DAY_INTERACTIVE,
    warmUp: true,
    seed: SEED,
  });
}

function figuresOf(day: DaySimulation, input: { key: keyof typeof KEYS; hours: number }, seconds: number) {
  const p95 = (values: number[]) => {
    const value = percentile(values, 95);
    return value === null ? null : round(value);
  };
  const edits = day.changeToListMinutesByHour.flat();
  return {
    simulatedHours: input.hours,
    businesses: day.businesses,
    key: input.key,
    budget: day.budget,
    backgroundBudget: day.background,
    callsUsed: day.callsUsed,
    callsByKind: day.byKind,
    callsByHour: day.byHour,
    throttled: day.throttled,
    quotaExceeded: day.quotaExceeded,
    backgroundRefused: day.backgroundRefused,
    minutesWaitingForMidnight: day.minutesWaitingForMidnight,
    edits: edits.length + day.editsNotLanded,
    editsNotLanded: day.editsNotLanded,
    changeToListP95MinutesByHour: day.changeToListMinutesByHour.map(p95),
    changeToListP50Minutes: percentile(edits, 50) === null ? null : round(percentile(edits, 50)!),
    changeToListP95Minutes: p95(edits),
    unsubscribes: day.unsubscribeStalenessMinutes.length + day.unsubscribesNotApplied,
    unsubscribesNotApplied: day.unsubscribesNotApplied,
    unsubscribeStalenessP50Minutes:
      percentile(day.unsubscribeStalenessMinutes, 50) === null
        ? null
        : round(percentile(day.unsubscribeStalenessMinutes, 50)!),
    unsubscribeStalenessP95Minutes: p95(day.unsubscribeStalenessMinutes),
    interactiveCalls: day.interactiveWaitsMs.length,
    interactiveWaitP95Ms: p95(day.interactiveWaitsMs),
    plannedWaitsMinutes: day.plannedWaits,
    longestPullIntervalMinutes: day.longestPullIntervalMinutes,
    realSeconds: round(seconds),
  };
}

const modelOf = (costs: CostModel) => ({
  seed: SEED,
  debounceMinutes: DEBOUNCE_MINUTES,
  callsPerPush:
    costs.callsPerPush === undefined
      ? `${DEFAULT_CALLS_PER_PUSH} (push-plan.ts DEFAULT_CALLS_PER_PUSH: the import and the first look at it, 2 s later)`
      : `${costs.callsPerPush} (what-if: --calls-per-push)`,
  settleAtPull:
    costs.settleAtPull === false
      ? "no (what-if: --look-at-once): every push looks at its own import"
      : "yes (push.ts settleLater): on a batching day a push only sends, 1 call, and its answer is read with the next pull, 1 call for all of them",
  callsPerPull:
    costs.callsPerPull === undefined
      ? `${DEFAULT_CALLS_PER_PULL} (pull-schedule.ts DEFAULT_CALLS_PER_PULL: the unsubscribe scan and the campaign look, which comes at most every 6 hours: 1 without it)`
      : `${costs.callsPerPull} (what-if: --calls-per-pull)`,
  rates:
    "edits 2 + size/2,000 and unsubscribes 0.1% of the list a business a day, evenly over the day (platform-figures.ts)",
  interactive: DAY_INTERACTIVE,
  warmUp: "a simulated day before the measured one; events of the measured day land during the next one at the latest",
});

/** The day at 1,000 businesses on a standard key against the targets; the JSON, the table; whether it passed. */
export function benchDay(hours: number, businesses: number, out: string, costs: CostModel = {}): boolean {
  const run = runDay({ businesses, key: "standard", hours, ...costs });
  const verdict = dayChecks(run);
  write(out, {
    date: new Date().toISOString(),
    machine: machine(),
    mode: "simulated day",
    model: modelOf(costs),
    ...run,
    verdict,
  });
  printDay(run);
  printVerdict(verdict, out);
  return verdict.every((c) => c.ok);
}

/** The day for 100, 1,000 and 5,000 businesses on each key; the standard key at 1,000 is the one with targets. */
export function benchFrontier(hours: number, out: string, costs: CostModel = {}): boolean {
  const rows = [100, 1_000, 5_000].flatMap((businesses) =>
    (Object.keys(KEYS) as (keyof typeof KEYS)[]).map((key) => runDay({ businesses, key, hours, ...costs })),
  );
  const main = rows.find((r) => r.businesses === 1_000 && r.key === "standard")!;
  const verdict = dayChecks(main);
  write(out, {
    date: new Date().toISOString(),
    machine: machine(),
    mode: "simulated frontier",
    model: modelOf(costs),
    ...main,
    frontier: rows,
    verdict,
  });
  console.log(
    `\nFrontier: ${hours} simulated hours each\n` +
      "| businesses | key | calls used | throttled | quota_exceeded | min waiting for midnight | change-to-list p95, worst hour (edits not landed) | unsubscribe staleness p95 (not applied) | interactive wait p95 |\n" +
      "|---:|---|---:|---:|---:|---:|---:|---:|---:|",
  );
  for (const r of rows)
    console.log(
      `| ${r.businesses.toLocaleString("en")} | ${r.key} (${r.budget.toLocaleString("en")}/day) | ` +
        `${r.callsUsed.toLocaleString("en")} | ${r.throttled} | ${r.quotaExceeded} | ${r.minutesWaitingForMidnight} | ` +
        `${worstHour(r.changeToListP95MinutesByHour)} (${r.editsNotLanded}) | ` +
        `${minutes(r.unsubscribeStalenessP95Minutes)} (${r.unsubscribesNotApplied}) | ` +
        `${r.interactiveWaitP95Ms ?? "–"} ms |`,
    );
  printVerdict(verdict, out);
  return verdict.every((c) => c.ok);
}

function printDay(r: DayRun) {
  console.log(
    `\n${r.businesses.toLocaleString("en")} businesses, ${r.key} key (${r.budget.toLocaleString("en")} calls/day), ` +
      `${r.simulatedHours} simulated hours in ${r.realSeconds} s\n`,
  );
  console.log("| figure | simulated |\n|---|---:|");
  const row = (name: string, value: unknown) => console.log(`| ${name} | ${value ?? "–"} |`);
  row("edits · unsubscribes · interactive calls", `${r.edits} · ${r.unsubscribes} · ${r.interactiveCalls}`);
  row(
    `calls used (background budget ${r.backgroundBudget.toLocaleString("en")})`,
    `${r.callsUsed.toLocaleString("en")} (push ${r.callsByKind.push} · pull ${r.callsByKind.pull} · interactive ${r.callsByKind.interactive})`,
  );
  row(
    "throttled · quota_exceeded · background calls refused",
    `${r.throttled} · ${r.quotaExceeded} · ${r.backgroundRefused}`,
  );
  row("minutes waiting for midnight (all businesses)", r.minutesWaitingForMidnight);
  row("push · pull calls by hour", r.callsByHour.map((h) => `${h.push}·${h.pull}`).join(" "));
  row("planned waits, min", r.plannedWaitsMinutes.join(", "));
  row(
    "change-to-list p50 / p95, min",
    `${r.changeToListP50Minutes} / ${r.changeToListP95Minutes} (${r.editsNotLanded} not landed)`,
  );
  row("change-to-list p95 by hour, min", r.changeToListP95MinutesByHour.map((v) => v ?? "–").join(" "));
  row(
    "unsubscribe staleness p50 / p95",
    `${minutes(r.unsubscribeStalenessP50Minutes)} / ${minutes(r.unsubscribeStalenessP95Minutes)} (${r.unsubscribesNotApplied} not applied)`,
  );
  row("longest pull interval planned", minutes(r.longestPullIntervalMinutes));
  row("interactive wait p95, ms", r.interactiveWaitP95Ms);
}

function printVerdict(verdict: PlatformCheck[], out: string) {
  console.log("");
  for (const c of verdict) console.log(`${c.ok ? "PASS" : "FAIL"} ${c.name}: ${c.actual} (expected ${c.expected})`);
  console.log(`\nFigures written to ${out}`);
}

function write(out: string, result: object) {
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(result, null, 2));
}

function machine() {
  return `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? "CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}`;
}

function worstHour(hours: (number | null)[]): string {
  const measured = hours.filter((h): h is number => h !== null);
  if (measured.length === 0) return "–";
  const worst = Math.max(...measured);
  return `${minutes(worst)} (hour ${hours.indexOf(worst)})`;
}

function minutes(m: number | null): string {
  if (m === null) return "–";
  return m >= 120 ? `${round(m / 60, 1)} h` : `${round(m, 1)} min`;
}

function round(n: number, digits = 2) {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
