// `npm test`: every test, in order: unit + integration (Vitest, real Postgres), then the production build and the
// browser tests (Playwright, real Chromium). Missing prerequisites fail the run with what to do; nothing is skipped.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { assertReachable } from "./lib/database";
import { findChromium } from "./lib/chromium";

function fail(message: string): never {
  console.error(`\nTEST RUN FAILED: ${message}\n`);
  process.exit(1);
}

function run(step: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  console.log(`\n=== ${step}: ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, { stdio: "inherit", env });
  return result.status === 0;
}

// The parts of the runners' JSON reports this script reads.
const VitestReport = z.object({
  numPassedTests: z.number(),
  numFailedTests: z.number(),
  numPendingTests: z.number(),
  numTodoTests: z.number(),
  testResults: z.array(z.object({ name: z.string() })),
});
const PlaywrightReport = z.object({
  stats: z.object({ expected: z.number(), unexpected: z.number(), flaky: z.number(), skipped: z.number() }),
});

function readReport<T>(file: string, schema: z.ZodType<T>): T {
  return schema.parse(JSON.parse(readFileSync(file, "utf8")));
}

function counts<T>(
  file: string,
  schema: z.ZodType<T>,
  read: (report: T) => { passed: number; failed: number; skipped: number },
) {
  if (!existsSync(file)) return { passed: 0, failed: 0, skipped: 0 };
  return read(readReport(file, schema));
}

/** A `*.test.ts(x)` file the runner did not collect would never run: that fails the run, it does not pass silently. */
function everyTestFileCollected(vitestJson: string): boolean {
  if (!existsSync(vitestJson)) return false;
  const collected = new Set(
    readReport(vitestJson, VitestReport).testResults.map((r) => path.relative(process.cwd(), r.name)),
  );
  const onDisk = spawnSync(
    "git",
    ["ls-files", "--cached", "--others", "--exclude-standard", "*.test.ts", "*.test.tsx"],
    { encoding: "utf8" },
  )
    .stdout.split("\n")
    .filter(Boolean);
  const missed = onDisk.filter((file) => !collected.has(file));
  if (missed.length > 0)
    console.error(`\nTest files Vitest did not collect (they would never run):\n  ${missed.join("\n  ")}`);
  return missed.length === 0 && onDisk.length > 0;
}

async function main() {
  const chromium = await findChromium();
  if (!chromium)
    fail(
      "no Chromium for the browser tests. Install it: `apt-get install -y chromium` (Debian/Ubuntu), or `npx playwright install chromium`, or set CHROMIUM_PATH.",
    );
  if (process.env.DATABASE_URL) {
    await assertReachable(process.env.DATABASE_URL).catch((e: Error) =>
      fail(`${e.message}. Unset DATABASE_URL to use the embedded Postgres.`),
    );
  }
  rmSync(".data/test-results", { recursive: true, force: true });
  const results: Record<string, boolean> = {};

  results.typecheck = run("Type check", "npx", ["tsc", "--noEmit", "-p", "tsconfig.json"]);
  results.lint = run("Lint", "npx", ["eslint", ".", "--max-warnings", "0"]);
  results.format = run("Format", "npx", ["prettier", "--check", "--log-level", "warn", "."]);
  results.layers = run("Layer rules", "npm", ["run", "--silent", "lint:layers"]);
  results.vitest = run("Unit and integration tests", "npx", [
    "vitest",
    "run",
    "--reporter=default",
    "--reporter=json",
    "--outputFile=.data/test-results/vitest.json",
  ]);
  results.collected = everyTestFileCollected(".data/test-results/vitest.json");
  results.build = run("Production build", "npx", ["next", "build"], { ...process.env, NODE_ENV: "production" });
  results.e2e =
    results.build && run("Browser tests", "npx", ["playwright", "test"], { ...process.env, CHROMIUM_PATH: chromium });

  const v = counts(".data/test-results/vitest.json", VitestReport, (j) => ({
    passed: j.numPassedTests,
    failed: j.numFailedTests,
    skipped: j.numPendingTests + j.numTodoTests,
  }));
  const p = counts(".data/test-results/playwright.json", PlaywrightReport, (j) => ({
    passed: j.stats.expected,
    failed: j.stats.unexpected + j.stats.flaky,
    skipped: j.stats.skipped,
  }));
  const failedSteps = Object.entries(results)
    .filter(([, ok]) => !ok)
    .map(([name]) => name);
  const skipped = v.skipped + p.skipped;
  console.log(`\nVitest: ${v.passed} passed, ${v.failed} failed · Playwright: ${p.passed} passed, ${p.failed} failed`);
  if (skipped > 0) failedSteps.push(`${skipped} skipped test(s): no test may be skipped`);
  if (v.passed + p.passed === 0) failedSteps.push("no test ran");
  // The plain closing line CI reads.
  console.log(
    `${v.passed + p.passed} passed, ${v.failed + p.failed + (failedSteps.length > 0 && v.failed + p.failed === 0 ? 1 : 0)} failed`,
  );
  if (failedSteps.length > 0) fail(`failed: ${failedSteps.join(", ")}`);
}

main().catch((error) => fail((error as Error).message));
