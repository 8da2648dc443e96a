import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

// A newcomer runs `npm run bench:platform` without DATABASE_URL: it must stop at once and say what to do, not start
// the embedded database and die minutes later in its worker processes.
describe("npm run bench:platform without DATABASE_URL", () => {
  it("exits non-zero at once, saying it needs a Postgres server and how to give it one", async () => {
    const { DATABASE_URL: _unset, ...env } = process.env;
    // Its own process group, so that a regression (the bench starting for real) is stopped whole at the deadline.
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "--import", "./scripts/lib/allow-server-only.mjs", "scripts/bench-platform.ts", "--quick"],
      { env, detached: true, stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const deadline = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 20_000);
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    clearTimeout(deadline);

    expect(output).toContain("needs a Postgres server");
    expect(output).toContain("DATABASE_URL=postgresql://");
    expect(code).not.toBe(0);
    expect(code).not.toBeNull(); // null: it was still running at the deadline
  });
});

// The simulated day needs neither DATABASE_URL nor processes, and its exit code is its verdict.
describe("npm run bench:platform -- --hours", () => {
  const run = async (args: string[]) => {
    const { DATABASE_URL: _unset, ...env } = process.env;
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), "day-")), "platform.json");
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "--import",
        "./scripts/lib/allow-server-only.mjs",
        "scripts/bench-platform.ts",
        ...args,
        "--out",
        out,
      ],
      { env, stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    return { code, output, figures: JSON.parse(readFileSync(out, "utf8")) as Record<string, unknown> };
  };

  it("passes a quiet day of 100 businesses and writes the day's figures", async () => {
    const { code, output, figures } = await run(["--hours", "24", "--businesses", "100"]);
    expect(output).not.toContain("needs a Postgres server");
    expect(output).not.toContain("FAIL");
    expect(code).toBe(0);
    expect(figures).toMatchObject({ simulatedHours: 24, businesses: 100, budget: 10_000, quotaExceeded: 0 });
    expect(figures.changeToListP95MinutesByHour).toHaveLength(24);
    for (const field of ["callsUsed", "throttled", "minutesWaitingForMidnight", "unsubscribeStalenessP95Minutes"])
      expect(typeof figures[field]).toBe("number");
  }, 60_000);

  it("exits 1 when a target fails: in two hours nobody of ten businesses waits on an answer, so nothing is measured", async () => {
    const { code, output, figures } = await run(["--hours", "2", "--businesses", "10"]);
    expect(output).toContain("FAIL interactive wait p95: none measured");
    expect(code).toBe(1);
    expect(figures.simulatedHours).toBe(2);
  }, 60_000);
});
