// Runs once when a Next server process starts. In local mode (the default of `npm run dev` and the browser
// tests) it starts the in-process job runner; with JOBS_MODE=inngest, Inngest calls /api/inngest instead.

export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env, jobsEnv } = await import("./lib/env");
  if (jobsEnv().JOBS_MODE !== "local") return;
  const { startLocalRunner } = await import("./inngest/local-runner");
  startLocalRunner({ debounceMs: env().SYNC_DEBOUNCE_SECONDS * 1_000 });
  console.log(`[jobs] local runner started (debounce ${env().SYNC_DEBOUNCE_SECONDS}s)`);
}
