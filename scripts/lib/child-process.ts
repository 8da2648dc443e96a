import { spawn, type ChildProcess } from "node:child_process";

/** Starts a tsx script as a child and resolves once it prints a line matching `ready` (with the match). */
export function startChild(
  script: string,
  env: Record<string, string>,
  ready: RegExp,
): Promise<{ child: ChildProcess; match: RegExpMatchArray; stop(): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", script], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let buffer = "";
    const stop = () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once("exit", () => done());
        child.kill("SIGTERM");
      });
    child.stdout!.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      const match = buffer.match(ready);
      if (match) resolve({ child, match, stop });
    });
    child.once("exit", (code) =>
      reject(new Error(`${script} exited (${code}) before it was ready: ${buffer.slice(-500)}`)),
    );
  });
}
