import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { expect, test } from "@playwright/test";

// The production build started as a server would be (`next start`, production settings) with one secret missing:
// the process stops at once and names the variable, in either jobs mode. It must not listen and fail every request.
// Its own port (the main stack's plus 20: the production-settings stack takes plus 10); no database is reached.
const PORT = Number(process.env.E2E_APP_PORT ?? 3100) + 20;

const productionSettings = {
  NODE_ENV: "production" as const,
  DATABASE_URL: "postgresql://nobody@127.0.0.1:1/never_reached",
  APP_URL: "https://studio.example.test",
  NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
  TOKEN_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  CC_CLIENT_ID: "client-id",
  CC_CLIENT_SECRET: "client-secret",
  CC_AUTH_BASE_URL: "https://authz.example.test/oauth2/default/v1",
  CC_API_BASE_URL: "https://api.example.test/v3",
  SMTP_URL: "smtps://mailer:secret@smtp.example.test:465",
  MAIL_FROM: "Studio Manager <alerts@studio.example.test>",
  NEXT_TELEMETRY_DISABLED: "1",
};

type Exit = { code: number | null; output: string };

async function startWithout(variable: string, jobs: Record<string, string>): Promise<Exit> {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...productionSettings, ...jobs };
  delete env[variable];
  const next = path.join(process.cwd(), "node_modules", "next", "dist", "bin", "next");
  // Its own process group, so that a server that keeps running (the bug) is stopped whole at the deadline.
  const child = spawn(process.execPath, [next, "start", "-p", String(PORT)], {
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const deadline = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 30_000);
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  clearTimeout(deadline);
  return { code, output };
}

const inngest = { JOBS_MODE: "inngest", INNGEST_EVENT_KEY: "event-key", INNGEST_SIGNING_KEY: "signkey-prod-0123" };

for (const [mode, jobs, variables] of [
  ["inngest", inngest, ["NEXTAUTH_SECRET", "INNGEST_SIGNING_KEY"]],
  ["local", { JOBS_MODE: "local" }, ["NEXTAUTH_SECRET", "TOKEN_ENCRYPTION_KEY"]],
] as const) {
  test(`a production start in ${mode} jobs mode without a secret exits non-zero and names it`, async () => {
    test.setTimeout(90_000);
    for (const variable of variables) {
      const { code, output } = await startWithout(variable, jobs);
      const tail = output.slice(-1_500);
      expect(output, tail).toContain(`Missing required setting(s) in production: ${variable}`);
      expect(code, `still running after 30 s: ${tail}`).not.toBeNull();
      expect(code, tail).not.toBe(0);
    }
  });
}
