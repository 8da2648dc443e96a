import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { runBench } from "@/tests/support/run-bench";

// `npm run bench` itself, not only its checks function: at a tiny size, with the memory target set below what any
// process needs, the script must print that target as failed and exit non-zero, every other check passing.
it("npm run bench exits non-zero when a target fails", { timeout: 240_000 }, async () => {
  // The figures go to a file of the test's own, not over the last real run's.
  const dir = mkdtempSync(path.join(tmpdir(), "bench-exit-"));
  const resultFile = path.join(dir, "result.json");
  const { code, output } = await runBench(
    [
      ...["--clients", "200", "--delta", "20", "--unsubscribes", "20", "--naive-sample", "2"],
      ...["--memory-target-mb", "1", "--result-file", resultFile],
    ],
    220_000,
  );

  const verdict = output.split("\n").filter((line) => /^(PASS|FAIL) /.test(line));
  expect(verdict.filter((line) => line.startsWith("FAIL "))).toEqual([
    expect.stringMatching(/^FAIL peak memory of the sync's process: \d+ \(expected ≤ 1 MB\)$/),
  ]);
  expect(verdict.length).toBeGreaterThan(5); // every other check ran and passed
  expect(output).toContain("Benchmark failed: peak memory of the sync's process");
  expect(code).toBe(1);
  const written = JSON.parse(readFileSync(resultFile, "utf8")) as { verdict: { name: string; ok: boolean }[] };
  expect(written.verdict.filter((c) => !c.ok).map((c) => c.name)).toEqual(["peak memory of the sync's process"]);
  rmSync(dir, { recursive: true, force: true });
});
