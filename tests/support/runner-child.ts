// A local job runner in a process of its own (run with `node --import tsx`), for tests that kill it with SIGKILL or
// run two of them on one database. It talks on stdio: prints `ready`, then takes one command a line:
//   sync <connectionId> ask for a push of the connection ("Sync now")
//   ticks <ms>          start the unsubscribe-pull scheduler, ticking every <ms>
//   idle                wait until nothing is queued or running, then print `idle`
// Settings come from the environment it inherits (DATABASE_URL, CC_*), plus RUNNER_LOCK_TTL_MS.
import { createInterface } from "node:readline";
import { db } from "@/lib/db";
import { pushNowRequested } from "@/lib/jobs/events";
import { installLocalDispatcher } from "@/lib/jobs/send-event";
import { createLocalRunner } from "@/inngest/local-runner";

const runner = createLocalRunner({
  debounceMs: 0,
  retryBaseMs: 50,
  lockTtlMs: Number(process.env.RUNNER_LOCK_TTL_MS ?? 30_000),
  lockPollMs: 100,
  log: (message, error) => console.error(`[runner ${process.pid}] ${message}`, error ?? ""),
});
installLocalDispatcher(runner.dispatch);

/** "Sync now" of one connection (the event carries its business too). */
async function sync(connectionId: string) {
  const { businessId } = await db.connection.findUniqueOrThrow({
    where: { id: connectionId },
    select: { businessId: true },
  });
  await runner.dispatch(pushNowRequested.create({ connectionId, businessId, trigger: "MANUAL" }));
}

const lines = createInterface({ input: process.stdin });
lines.on("line", (line) => {
  const [command, arg] = line.trim().split(/\s+/);
  if (command === "sync" && arg) void sync(arg);
  else if (command === "ticks" && arg)
    runner.startSchedules({
      "schedule-pulls": { everyMs: Number(arg) },
      "reconcile-sweep": { everyMs: 24 * 60 * 60_000, firstAfterMs: 24 * 60 * 60_000 },
    });
  else if (command === "idle") void runner.idle().then(() => console.log("idle"));
  else console.error(`unknown command: ${line}`);
});
// The test ends this process (SIGTERM, or SIGKILL to play a crash); stdin closing means the test is gone.
lines.on("close", () => process.exit(0));
console.log("ready");
