// Starts one of our TypeScript files as a separate Node process, as the npm scripts do: tsx, plus the hook that
// lets `server-only` modules load outside Next (scripts/lib/allow-server-only.mjs). For tests that need a real
// second process: another app instance, or one to kill.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const allowServerOnly = fileURLToPath(new URL("../../scripts/lib/allow-server-only.mjs", import.meta.url));

/** stdin and stdout are pipes the test drives and reads; stderr goes to the test's output. */
export function spawnTsx(script: string, env: NodeJS.ProcessEnv) {
  return spawn(process.execPath, ["--import", "tsx", "--import", allowServerOnly, script], {
    env,
    stdio: ["pipe", "pipe", "inherit"],
  });
}
