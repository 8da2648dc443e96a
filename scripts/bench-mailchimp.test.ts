import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";

// `npm run bench -- --provider mailchimp` end to end at a tiny size: the real sandbox, the sync in its own process,
// the webhook endpoint taken down and brought back. It must pass (exit 0, the summary written) and must fail (exit
// non-zero, the failing target named) when a target cannot be met.
const tiny = [
  "--clients",
  "100",
  "--delta",
  "20",
  "--unsubscribes",
  "10",
  "--outage-unsubscribes",
  "4",
  "--outage-seconds",
  "2",
];

function bench(extra: string[] = []): Promise<{ code: number | null; output: string }> {
  // The database server the test run uses (the bench makes a database of its own there), or an embedded one.
  const { DATABASE_URL: _shared, ...env } = process.env;
  const server = inject("databaseServerUrl");
  const child = spawn(
    process.execPath,
    [
      "--expose-gc",
      "--import",
      "tsx",
      "--import",
      "./scripts/lib/allow-server-only.mjs",
      "scripts/bench.ts",
      "--provider",
      "mailchimp",
      ...tiny,
      ...extra,
    ],
    { env: { ...env, ...(server ? { DATABASE_URL: server } : {}) }, detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  // Its own process group, so that a hung run is stopped whole (the sandbox and the database with it).
  const deadline = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 100_000);
  return new Promise((resolve) =>
    child.once("exit", (code) => {
      clearTimeout(deadline);
      resolve({ code, output });
    }),
  );
}

describe("npm run bench -- --provider mailchimp", () => {
  it("runs end to end at a tiny size, writes its summary and exits 0; exits non-zero when a target fails", async () => {
    // The figures go to a file of the test's own, not over the last real run's.
    const dir = mkdtempSync(path.join(tmpdir(), "bench-mc-"));
    const resultFile = path.join(dir, "result.json");
    const passed = await bench(["--result-file", resultFile]);
    expect(passed.output).toContain("PASS unsubscribes lost during the outage: 0");
    expect(passed.code).toBe(0);
    const summary = JSON.parse(readFileSync(resultFile, "utf8")) as {
      checks: { subscribedAfterInitial: number; webhookApplied: number; outage: { lost: number } };
      verdict: { ok: boolean }[];
    };
    expect(summary.checks).toMatchObject({ subscribedAfterInitial: 100, webhookApplied: 10, outage: { lost: 0 } });
    expect(summary.verdict.every((c) => c.ok)).toBe(true);

    const failed = await bench(["--result-file", resultFile, "--target-initial-seconds", "0"]);
    expect(failed.output).toContain("FAIL initial sync wall time");
    expect(failed.code).toBe(1);
    rmSync(dir, { recursive: true, force: true });
  }, 200_000);
});
