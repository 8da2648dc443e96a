// The full sync of `npm run bench` in a process of its own, so its memory is the sync's alone (the benchmark's
// seeding and the sandbox's client do not count), compiled by bench.ts as production compiles it (no loader hooks).
// Settings from the environment (DATABASE_URL, CC_* or MC_*) plus BENCH_BUSINESS_ID and BENCH_PROVIDER (CONSTANT_CONTACT
// by default, or MAILCHIMP). Prints one JSON line:
// {startRssMb, peakRssMb, wallSeconds}; with BENCH_TRACE=1 also each step's start and end (seconds into the run) on
// stderr, to see where the time goes.
import type { Provider } from "@/lib/generated/prisma/client";
import { runPush } from "@/tests/support/run-push";
import { inlineSteps } from "../../tests/support/inline-step";

const businessId = process.env.BENCH_BUSINESS_ID ?? "";
const provider = (process.env.BENCH_PROVIDER ?? "CONSTANT_CONTACT") as Provider;
const startRss = process.memoryUsage().rss;
let peak = startRss;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
const started = performance.now();
// Steps inline with the real pauses between import checks, so the call counts are what production makes.
const steps = inlineSteps();
const seconds = () => ((performance.now() - started) / 1000).toFixed(2);
const traced: typeof steps = {
  run: async (id, fn) => {
    const from = seconds();
    const result = await fn();
    console.error(`  step ${id}: ${from} → ${seconds()} s`);
    return result;
  },
  sleep: steps.sleep,
};
await runPush(businessId, "LIST_SAVED", process.env.BENCH_TRACE === "1" ? traced : steps, provider);
const wallSeconds = (performance.now() - started) / 1000;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
console.log(
  JSON.stringify({ startRssMb: Math.round(startRss / 1048576), peakRssMb: Math.round(peak / 1048576), wallSeconds }),
);
process.exit(0);
