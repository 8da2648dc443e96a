import { spawn } from "node:child_process";
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
