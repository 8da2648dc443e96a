// What both sync benchmarks (scripts/bench.ts for Constant Contact, scripts/bench-mailchimp.ts) share: a throwaway
// database, the full sync compiled and run in a process of its own, and memory sampling.
import { spawn } from "node:child_process";
import { build } from "esbuild";
import pg from "pg";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { migrate } from "../../lib/db/migrate";
import { startChild } from "./child-process";
import { createThrowawayDatabase } from "./database";
import { insertManyClients } from "./seed-large";

/**
 * A migrated database of the benchmark's own: a new one on the server DATABASE_URL names (dropped at the end), or
 * the embedded one in a child process, so the memory figures are the sync's own.
 */
export async function startBenchDatabase(name: string): Promise<{ url: string; kind: string; stop(): Promise<void> }> {
  const database = process.env.DATABASE_URL ? await createThrowawayDatabase(name, process.env.DATABASE_URL) : null;
  const embedded = database ? null : await startChild("scripts/embedded-postgres.ts", {}, /READY (\S+)/);
  const url = database?.url ?? embedded!.match[1]!;
  await migrate(url);
  return {
    url,
    kind: database ? "PostgreSQL (DATABASE_URL)" : "embedded PGlite",
    async stop() {
      await embedded?.stop();
      await database?.drop();
    },
  };
}

/** `count` opted-in clients (client1@<domain>, client2@<domain>, ...) for the business, and table statistics. */
export async function seedOptedInClients(databaseUrl: string, businessId: string, count: number, emailDomain: string) {
  console.log(`Seeding ${count.toLocaleString()} opted-in clients…`);
  await insertManyClients(databaseUrl, { businessId, count, optInRate: 1, emailDomain });
  // Table statistics as autovacuum would have them by the time an owner connects (it analyzes a table within a
  // minute of 10% of its rows changing); a table seeded a second ago has none, which no real database looks like.
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("ANALYZE");
  } finally {
    await client.end();
  }
}

export type ChildFigures = { startRssMb: number; peakRssMb: number; wallSeconds: number };

/**
 * The script compiled to one JavaScript module (ours bundled, packages loaded from node_modules), so that its process
 * runs the sync as production does: `next build` compiles the code the job runs. Under tsx the same process is about
 * 50 MB larger (its TypeScript hook keeps every module's source and source map), which is not the sync's memory.
 */
export async function compiled(script: string): Promise<string> {
  const outfile = path.join(".data", "bench", `${path.basename(script, ".ts")}.mjs`);
  await build({
    entryPoints: [script],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    packages: "external",
    // `server-only` as Next's server build resolves it (its no-op), at compile time: a loader hook would run in a
    // thread of its own, about 10 MB of the process that production does not have.
    alias: { "server-only": "./node_modules/server-only/empty.js" },
    logLevel: "warning",
  });
  return outfile;
}

/** Runs a compiled script with the current environment; resolves with its last JSON line. */
export function runChild(script: string, env: Record<string, string>): Promise<ChildFigures> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...(process.env.BENCH_CHILD_NODE_ARGS ?? "").split(" ").filter(Boolean), script],
      { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] },
    );
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.once("exit", (code) => {
      if (code !== 0) return reject(new Error(`${script} exited with ${code}`));
      resolve(JSON.parse(out.trim().split("\n").at(-1)!) as ChildFigures);
    });
  });
}

/**
 * Runs one phase of a benchmark and measures it: its wall time and this process's memory (the earlier phases'
 * garbage collected first; npm run bench passes --expose-gc), or, for work run in a child process that answers with
 * its own figures, the child's (without the process's start).
 */
export async function timedPhase<T>(
  work: () => Promise<T>,
): Promise<{ result: T; wallSeconds: number; startRssMb: number; peakRssMb: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  const sampler = rssSampler();
  const started = performance.now();
  const result = await work();
  const rss = sampler.stop();
  const child =
    result && typeof result === "object" && "peakRssMb" in result ? (result as unknown as ChildFigures) : null;
  return {
    result,
    wallSeconds: child?.wallSeconds ?? (performance.now() - started) / 1000,
    startRssMb: child?.startRssMb ?? rss.startRssMb,
    peakRssMb: child?.peakRssMb ?? rss.peakRssMb,
  };
}

/** A sandbox's call counts (its `/__control/calls`), only the API's (paths containing `marker`) and only those made. */
export function apiCallsOf(calls: Record<string, number>, marker: string) {
  const apiCalls = Object.fromEntries(Object.entries(calls).filter(([k, v]) => k.includes(marker) && v > 0));
  return { apiCalls, totalCalls: Object.values(apiCalls).reduce((a, b) => a + b, 0) };
}

/** This process's RSS, sampled every 50 ms until `stop` (which gives the start and the peak in MB). */
function rssSampler(): { stop(): { startRssMb: number; peakRssMb: number } } {
  const start = process.memoryUsage().rss;
  let peak = start;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage().rss);
      return { startRssMb: Math.round(start / 1048576), peakRssMb: Math.round(peak / 1048576) };
    },
  };
}

/** Writes the figures (JSON) to `file`, making its folder. */
export function writeBenchFigures(file: string, figures: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(figures, null, 2));
}

export function round(n: number) {
  return Math.round(n * 100) / 100;
}
