import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { mcAuthorizeUrl } from "./testing/helpers";

it("starts from the command line, honours MC_CLIENT_ID and MC_REDIRECT_URI lists, and stops on SIGTERM", async () => {
  const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(new URL("./main.ts", import.meta.url))], {
    env: {
      ...process.env,
      MC_SANDBOX_PORT: "0",
      MC_CLIENT_ID: "cli-id",
      MC_CLIENT_SECRET: "cli-secret",
      MC_REDIRECT_URI: "http://localhost:3000/cb, http://localhost:3100/cb",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Mailchimp sandbox on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.on("exit", (code) => reject(new Error(`exited early with ${code}: ${out}`)));
  });
  for (const redirectUri of ["http://localhost:3000/cb", "http://localhost:3100/cb"]) {
    const page = await fetch(mcAuthorizeUrl(url, { clientId: "cli-id", redirectUri }), { redirect: "manual" });
    expect(page.status).toBe(200);
  }
  const unknown = await fetch(mcAuthorizeUrl(url, { clientId: "cli-id", redirectUri: "http://localhost:3200/cb" }));
  expect(unknown.status).toBe(400);
  const exit = new Promise<number | null>((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  expect(await exit).toBe(0);
});
