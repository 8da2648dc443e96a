// Starts everything the app needs on one machine (database, the Constant Contact and Mailchimp sandboxes, mail
// catcher, Next) and stops it all together. Used by `npm run dev` and by the browser tests' server.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { loadOrCreateDevSecrets, type DevSecrets } from "../../lib/dev-secrets";
import { migrate } from "../../lib/db/migrate";
import { assertReachable } from "./database";
import { startEmbeddedPostgres } from "./embedded-postgres";

export type StackOptions = {
  /** `dev` runs `next dev`; `start` runs the production build (`next start`). */
  next: "dev" | "start";
  appPort: number;
  sandboxPort: number;
  /** A database URL to use; without one an embedded Postgres is started with data in `embeddedDataDir`. */
  databaseUrl?: string;
  embeddedDataDir?: string;
  embeddedPort?: number;
  sandboxStateFile?: string;
  sandboxOptions?: Record<string, unknown>;
  /** The Mailchimp sandbox (unless MC_OAUTH_BASE_URL points the app at the real Mailchimp). */
  mailchimpSandboxPort: number;
  mailchimpSandboxStateFile?: string;
  mailchimpSandboxOptions?: Record<string, unknown>;
  /** The mail catcher (unless SMTP_URL points at a real server): its ports and where it keeps the mail. */
  mail: { smtpPort: number; webPort: number; directory: string; fresh?: boolean };
  extraEnv?: Record<string, string>;
  beforeNext?: (databaseUrl: string) => Promise<void>;
  /**
   * Production settings (only with `next: "start"`): no development defaults, secrets of its own, and this public
   * URL as APP_URL, while the server listens on http://localhost:<appPort> as it would behind a TLS-terminating
   * proxy. Without it the app's public URL is where it listens.
   */
  production?: { appUrl: string };
};

export type RunningStack = {
  /** Where the app listens (what tests and health checks call). */
  appUrl: string;
  /** Its APP_URL: the address users see (differs from appUrl with production settings). */
  publicUrl: string;
  sandboxUrl: string;
  /** The Mailchimp sandbox's origin ("" when the app talks to the real Mailchimp). */
  mailchimpSandboxUrl: string;
  mailUrl: string;
  databaseUrl: string;
  embedded: boolean;
  stop(): Promise<void>;
};

export async function startStack(options: StackOptions): Promise<RunningStack> {
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch((error) => console.error(error));
  };
  try {
    let databaseUrl = options.databaseUrl;
    if (databaseUrl) {
      await assertReachable(databaseUrl);
    } else {
      const embedded = await startEmbeddedPostgres({ dataDir: options.embeddedDataDir, port: options.embeddedPort });
      stops.push(() => embedded.stop());
      databaseUrl = embedded.url;
    }
    await migrate(databaseUrl);

    const appUrl = `http://localhost:${options.appPort}`;
    const callback = `${appUrl}/api/integrations/constant-contact/callback`;
    const useSandbox = !process.env.CC_API_BASE_URL;
    let sandboxUrl = process.env.CC_API_BASE_URL ?? "";
    if (useSandbox) {
      const { startSandbox } = await import("../../sandbox/server");
      const sandbox = await startSandbox({
        port: options.sandboxPort,
        stateFile: options.sandboxStateFile,
        clients: [
          {
            clientId: "sandbox-client-id",
            clientSecret: "sandbox-client-secret",
            appName: "Studio Manager",
            redirectUris: [callback],
          },
        ],
        ...options.sandboxOptions,
      });
      stops.push(() => sandbox.close());
      sandboxUrl = sandbox.url;
    }
    const mailchimpCallback = `${appUrl}/api/integrations/mailchimp/callback`;
    const useMailchimpSandbox = !process.env.MC_OAUTH_BASE_URL;
    let mailchimpSandboxUrl = "";
    if (useMailchimpSandbox) {
      const { startMailchimpSandbox } = await import("../../sandbox/server");
      const mailchimp = await startMailchimpSandbox({
        port: options.mailchimpSandboxPort,
        stateFile: options.mailchimpSandboxStateFile,
        clients: [
          {
            clientId: MAILCHIMP_SANDBOX_CLIENT.id,
            clientSecret: MAILCHIMP_SANDBOX_CLIENT.secret,
            appName: "Studio Manager",
            redirectUris: [mailchimpCallback],
          },
        ],
        ...options.mailchimpSandboxOptions,
      });
      stops.push(() => mailchimp.close());
      mailchimpSandboxUrl = mailchimp.url;
    }
    let smtpUrl = process.env.SMTP_URL ?? "";
    let mailUrl = "";
    if (!smtpUrl) {
      const { startMailCatcher } = await import("./mail-catcher");
      const catcher = await startMailCatcher({
        smtpPort: options.mail.smtpPort,
        webPort: options.mail.webPort,
        mailDirectory: options.mail.directory,
        fresh: options.mail.fresh,
      });
      stops.push(() => catcher.stop());
      smtpUrl = catcher.smtpUrl;
      mailUrl = catcher.webUrl;
    }
    await options.beforeNext?.(databaseUrl);

    const publicUrl = options.production?.appUrl ?? appUrl;
    const secrets = options.production ? productionSecrets() : loadOrCreateDevSecrets();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      // The app derives next-auth's URL from APP_URL itself (lib/auth/options.ts): NEXTAUTH_URL is not set here.
      APP_URL: publicUrl,
      NEXT_TELEMETRY_DISABLED: "1",
      NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? secrets.nextAuthSecret,
      TOKEN_ENCRYPTION_KEY: process.env.TOKEN_ENCRYPTION_KEY ?? secrets.tokenEncryptionKey,
      SMTP_URL: smtpUrl,
      ...(useSandbox
        ? {
            CC_AUTH_BASE_URL: `${sandboxUrl}/oauth2/default/v1`,
            CC_API_BASE_URL: `${sandboxUrl}/v3`,
            CC_REDIRECT_URI: callback,
          }
        : {}),
      // The Mailchimp sandbox's registered app, OAuth server and API origin. The app sends tokens only to an
      // api_endpoint (from OAuth metadata) that matches MC_API_ENDPOINT_PATTERN: here exactly the sandbox's origin.
      ...(useMailchimpSandbox
        ? {
            MC_CLIENT_ID: MAILCHIMP_SANDBOX_CLIENT.id,
            MC_CLIENT_SECRET: MAILCHIMP_SANDBOX_CLIENT.secret,
            MC_OAUTH_BASE_URL: `${mailchimpSandboxUrl}/oauth2`,
            MC_API_ENDPOINT_PATTERN: `^${escapeRegExp(mailchimpSandboxUrl)}$`,
            MC_REDIRECT_URI: mailchimpCallback,
          }
        : {}),
      // Production demands these explicitly (lib/env.ts); MAIL_FROM for when the mail work is merged.
      ...(options.production
        ? {
            NODE_ENV: "production",
            CC_CLIENT_ID: "sandbox-client-id",
            CC_CLIENT_SECRET: "sandbox-client-secret",
            MAIL_FROM: "Studio Manager <no-reply@studio.example.test>",
          }
        : {}),
      ...options.extraEnv,
    };
    delete env.NEXTAUTH_URL;
    // `next start` is NODE_ENV=production: the test stack explicitly asks for development secrets (lib/env.ts),
    // except when it runs with production settings.
    if (options.next === "start" && !options.production)
      Object.assign(env, { ALLOW_DEV_DEFAULTS: "1", TEST_STACK: "1" });
    else delete env.ALLOW_DEV_DEFAULTS;
    const next = spawnNext(options.next, options.appPort, env);
    stops.push(() => stopChild(next));
    await waitForHttp(`${appUrl}/api/health`, next);
    return {
      appUrl,
      publicUrl,
      sandboxUrl,
      mailchimpSandboxUrl,
      mailUrl,
      databaseUrl,
      embedded: !options.databaseUrl,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The app registered at the Mailchimp sandbox (its defaults, sandbox/mailchimp/options.ts). */
const MAILCHIMP_SANDBOX_CLIENT = { id: "sandbox-mc-client-id", secret: "sandbox-mc-client-secret" };

/** `http://127.0.0.1:4020` → `http://127\.0\.0\.1:4020`, for a pattern that matches exactly that origin. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Fresh secrets for a production-settings run: nothing from the development secrets file. */
function productionSecrets(): DevSecrets {
  return {
    nextAuthSecret: randomBytes(32).toString("base64url"),
    tokenEncryptionKey: randomBytes(32).toString("base64"),
  };
}

function spawnNext(mode: "dev" | "start", port: number, env: NodeJS.ProcessEnv): ChildProcess {
  const bin = path.join(process.cwd(), "node_modules", "next", "dist", "bin", "next");
  // Its own process group, so stopping it also stops the workers Next starts.
  return spawn(process.execPath, [bin, mode, "-p", String(port)], { stdio: "inherit", env, detached: true });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || !child.pid) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {}
  }, 5_000);
  await exited;
  clearTimeout(timer);
}

async function waitForHttp(url: string, child: ChildProcess, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Next exited with code ${child.exitCode} before it was ready.`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
      if (response.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`Timed out waiting for ${url}`);
}
