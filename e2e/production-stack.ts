import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

// A second stack of the same production build, started with production settings (scripts/e2e-server.ts with
// E2E_PRODUCTION_APP_URL): no development defaults, secrets of its own, an https APP_URL. It listens on plain http
// at localhost, as an app does behind a TLS-terminating proxy. Ports: the main stack's plus 10.

export const PRODUCTION_PORT = Number(process.env.E2E_APP_PORT ?? 3100) + 10;
const SANDBOX_PORT = Number(process.env.E2E_SANDBOX_PORT ?? 4110) + 10;
const MC_SANDBOX_PORT = Number(process.env.E2E_MC_SANDBOX_PORT ?? 4150) + 10;
// The mail catcher's ports likewise, for a server script that starts one (its defaults: 1125 and 1180).
const MAIL_SMTP_PORT = Number(process.env.E2E_MAIL_SMTP_PORT ?? 1125) + 10;
const MAIL_WEB_PORT = Number(process.env.E2E_MAIL_WEB_PORT ?? 1180) + 10;

export type ProductionStack = { url: string; publicUrl: string; stop(): Promise<void> };

export async function startProductionStack(publicUrl: string): Promise<ProductionStack> {
  const url = `http://localhost:${PRODUCTION_PORT}`;
  const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");
  // Its own process group, so stopping it reaches the server script (which stops Next and drops its database).
  // Started as playwright.config.ts starts the main stack's server.
  const child = spawn(tsx, ["--import", "./scripts/lib/allow-server-only.mjs", "scripts/e2e-server.ts"], {
    env: {
      ...process.env,
      E2E_APP_PORT: String(PRODUCTION_PORT),
      E2E_SANDBOX_PORT: String(SANDBOX_PORT),
      E2E_MC_SANDBOX_PORT: String(MC_SANDBOX_PORT),
      E2E_MAIL_SMTP_PORT: String(MAIL_SMTP_PORT),
      E2E_MAIL_WEB_PORT: String(MAIL_WEB_PORT),
      E2E_PRODUCTION_APP_URL: publicUrl,
    },
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
  });
  try {
    await waitUntilHealthy(`${url}/api/health`, child);
  } catch (error) {
    await stop(child);
    throw error;
  }
  return { url, publicUrl, stop: () => stop(child) };
}

async function waitUntilHealthy(healthUrl: string, child: ChildProcess, timeoutMs = 150_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the production-settings stack exited with code ${child.exitCode}`);
    const ok = await fetch(healthUrl, { signal: AbortSignal.timeout(10_000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the production-settings stack did not answer at ${healthUrl}`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || !child.pid) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  process.kill(-child.pid, "SIGTERM");
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {}
  }, 15_000);
  await exited;
  clearTimeout(timer);
}
