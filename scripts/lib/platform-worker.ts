// One worker of `npm run bench:platform`: a process running the local job runner (inngest/local-runner.ts) with the
// shared platform limiter, as an app instance in local mode does. Settings come from the environment it inherits
// (DATABASE_URL, CC_*), plus WORKER_DEBOUNCE_MS and WORKER_PULL_TICK_MS (the bench's time scale). It prints `ready`,
// then takes one command a line:
//   initial <businessId>   the push that follows choosing a list (LIST_SAVED, at once), for each of its connections
//   edit <businessId>      a client was edited: a debounced push (CLIENT_CHANGE), as the app asks for it
//   schedules <reconcileAfterMs>   start the scheduler (unsubscribe pulls, reconcile once after the given time)
//   idle                   wait until nothing is queued or running, then print `idle`
//   rss                    print `rss <peak MB>` (sampled every 200 ms)
import { createInterface } from "node:readline";
import { requestSync } from "@/lib/jobs/request-sync";
import { installLocalDispatcher } from "@/lib/jobs/send-event";
import { createLocalRunner } from "@/inngest/local-runner";

const runner = createLocalRunner({
  debounceMs: Number(process.env.WORKER_DEBOUNCE_MS ?? 60_000),
  log: (message, error) => console.error(`[worker ${process.pid}] ${message}`, error ?? ""),
});
installLocalDispatcher(runner.dispatch);

let peakRss = process.memoryUsage().rss;
setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200).unref();

// Requests still reading their connections: `idle` waits for them first, else it could answer before their events
// reach the runner.
const requesting = new Set<Promise<void>>();
function request(businessId: string, trigger: Parameters<typeof requestSync>[1]): void {
  const asked = requestSync(businessId, trigger).finally(() => requesting.delete(asked));
  requesting.add(asked);
}

const lines = createInterface({ input: process.stdin });
lines.on("line", (line) => {
  const [command, arg] = line.trim().split(/\s+/);
  // The app's own request: one push event per connection of the business that keeps a list.
  if (command === "initial" && arg) request(arg, "LIST_SAVED");
  else if (command === "edit" && arg) request(arg, "CLIENT_CHANGE");
  else if (command === "schedules" && arg)
    runner.startSchedules({
      "schedule-pulls": { everyMs: Number(process.env.WORKER_PULL_TICK_MS ?? 300_000) },
      "reconcile-sweep": { everyMs: Number(arg), firstAfterMs: Number(arg) },
    });
  else if (command === "idle")
    void (async () => {
      while (requesting.size > 0) await Promise.all(requesting);
      await runner.idle();
      console.log("idle");
    })();
  else if (command === "rss") console.log(`rss ${Math.round(peakRss / 1048576)}`);
  else console.error(`unknown command: ${line}`);
});
lines.on("close", () => {
  runner.stop();
  process.exit(0);
});
console.log("ready");
