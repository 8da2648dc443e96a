import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { authorizeUrl } from "./testing/helpers";

it("starts from the command line quickly, honours CC_REDIRECT_URI lists, and stops on SIGTERM", async () => {
  const started = Date.now();
  const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(new URL("./main.ts", import.meta.url))], {
    env: {
      ...process.env,
      SANDBOX_PORT: "0",
      CC_CLIENT_ID: "cli-id",
      CC_CLIENT_SECRET: "cli-secret",
      CC_REDIRECT_URI: "http://localhost:3000/cb, http://localhost:3100/cb",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Constant Contact sandbox on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.on("exit", (code) => reject(new Error(`exited early with ${code}: ${out}`)));
  });
  expect(Date.now() - started).toBeLessThan(5000);
  for (const redirectUri of ["http://localhost:3000/cb", "http://localhost:3100/cb"]) {
    const page = await fetch(authorizeUrl(url, { clientId: "cli-id", redirectUri }), { redirect: "manual" });
    expect(page.status).toBe(200);
  }
  const unknown = await fetch(authorizeUrl(url, { clientId: "cli-id", redirectUri: "http://localhost:3200/cb" }), {
    redirect: "manual",
  });
  expect(unknown.status).toBe(400);
  const exit = new Promise<number | null>((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  expect(await exit).toBe(0);
});
