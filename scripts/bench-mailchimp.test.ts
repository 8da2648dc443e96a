import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runBench } from "@/tests/support/run-bench";

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

const bench = (extra: string[]) => runBench(["--provider", "mailchimp", ...tiny, ...extra], 100_000);

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
    expect(failed.output).toContain("FAIL full sync wall time");
    expect(failed.code).toBe(1);
    rmSync(dir, { recursive: true, force: true });
  }, 200_000);
});
