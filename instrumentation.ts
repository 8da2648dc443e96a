// Runs once when a Next server process starts. Every start reads the settings first, so a production server missing
// a secret stops with the variable's name whatever its jobs mode. In local mode (the default of `npm run dev` and the
// browser tests) it then starts the in-process job runner; with JOBS_MODE=inngest, Inngest calls /api/inngest instead.

export async function register() {
  // Inside this block only: the edge build drops it (it has no process to stop and no job runner).
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { env } = await import("./lib/env");
    let settings: ReturnType<typeof env>;
    try {
      settings = env();
    } catch (error) {
      // Next logs a failing register() and serves anyway, every request then failing: stop the process instead.
      console.error(`Cannot start: ${(error as Error).message}`);
      process.exit(1);
    }
    if (settings.JOBS_MODE === "local") {
      const { startLocalRunner } = await import("./inngest/local-runner");
      startLocalRunner({ debounceMs: settings.SYNC_DEBOUNCE_SECONDS * 1_000 });
      console.log(`[jobs] local runner started (debounce ${settings.SYNC_DEBOUNCE_SECONDS}s)`);
    }
  }
}
