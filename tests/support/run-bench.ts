// `npm run bench` as a child process, for the tests of the benchmark scripts themselves: on the database server the
// tests use (the bench makes a throwaway database there), else the bench's own embedded one; in a process group of
// its own, so that a run still going at the deadline is stopped whole (its sandbox and database with it).
import { spawn } from "node:child_process";
import { inject } from "vitest";

export function runBench(args: string[], deadlineMs: number): Promise<{ code: number | null; output: string }> {
  const { DATABASE_URL: _test, ...rest } = process.env;
  const server = inject("databaseServerUrl");
  const child = spawn(
    process.execPath,
    ["--expose-gc", "--import", "tsx", "--import", "./scripts/lib/allow-server-only.mjs", "scripts/bench.ts", ...args],
    { env: server ? { ...rest, DATABASE_URL: server } : rest, detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const deadline = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), deadlineMs);
  return new Promise((resolve) =>
    child.once("exit", (code) => {
      clearTimeout(deadline);
      resolve({ code, output });
    }),
  );
}
