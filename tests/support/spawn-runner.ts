// Starts tests/support/runner-child.ts as a separate process and drives it: a second app instance, or one to kill.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export type RunnerProcess = Awaited<ReturnType<typeof spawnRunner>>;

export async function spawnRunner(env: Record<string, string>) {
  const script = fileURLToPath(new URL("./runner-child.ts", import.meta.url));
  // The runner loads lib modules marked server-only: the no-op, as the npm scripts give it (README: server-only).
  const allowServerOnly = fileURLToPath(new URL("../../scripts/lib/allow-server-only.mjs", import.meta.url));
  const child = spawn(process.execPath, ["--import", "tsx", "--import", allowServerOnly, script], { env: { ...process.env, ...env }, stdio: ["pipe", "pipe", "inherit"] });
  let output = "";
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    for (const w of [...waiters]) {
      if (!w.pattern.test(output)) continue;
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  /** Resolves once the process has printed a line matching `pattern` (the output is consumed up to there). */
  const printed = (pattern: RegExp) =>
    new Promise<void>((resolve, reject) => {
      const consume = () => ((output = output.replace(pattern, "")), resolve());
      if (pattern.test(output)) return consume();
      waiters.push({ pattern, resolve: consume });
      void exited.then((code) => reject(new Error(`runner process exited (${code}) before printing ${pattern}`)));
    });
  await printed(/^ready$/m);
  return {
    pid: child.pid!,
    exited,
    send: (line: string) => child.stdin.write(`${line}\n`),
    idle: async () => {
      child.stdin.write("idle\n");
      await printed(/^idle$/m);
    },
    kill: async (signal: NodeJS.Signals = "SIGTERM") => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
