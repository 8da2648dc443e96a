// `npm run bench -- --provider mailchimp`: the Mailchimp integration at scale against the Mailchimp sandbox over HTTP,
// with the sandbox's own model of Mailchimp's processing time (batch subscribe holds a call 20 ms per member, so 10 s
// for 500; webhook retries at 5, 10, 20 and 40 s) and the provider's production concurrency (MC_CONCURRENT_CALLS,
// default 8 of Mailchimp's 10 simultaneous connections). It prints a table and a JSON summary, writes the summary to
// .data/bench/mailchimp.json and exits non-zero when a target fails (scripts/lib/bench-checks.ts).
//   full sync of 100,000 opted-in clients (own process) · a delta of 1,000 edited clients · 1,000 unsubscribes made
//   in Mailchimp brought back by webhook · 1,000 more while the webhook endpoint is down for 60 s in the middle.
// The app's webhook route is served by its lib function (handleMailchimpWebhook) on a node http server in this
// process (tests/support/connected-mailchimp.ts), which the sandbox calls as Mailchimp would.
// Options: --clients N (100000), --delta N (1000), --unsubscribes N (1000), --outage-unsubscribes N (1000),
// --outage-seconds S (60), --target-initial-seconds S (20 per 100,000 clients), --ms-per-member N (the sandbox's
// batch subscribe time per member instead of its default; 0 leaves only the sync's own time), --result-file PATH
// (.data/bench/mailchimp.json). BENCH_TRACE and BENCH_CHILD_NODE_ARGS as for the Constant Contact benchmark.
import { createServer, type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type { WebhookAnswer } from "../lib/sync/webhooks";
import { exitWithVerdict, mailchimpBenchChecks, printVerdict, type BenchCheck } from "./lib/bench-checks";
import {
  apiCallsOf,
  compiled,
  round,
  runChild,
  seedOptedInClients,
  startBenchDatabase,
  timedPhase,
  writeBenchFigures,
} from "./lib/bench-support";
import { startChild } from "./lib/child-process";
import { inlineSteps } from "../tests/support/inline-step";
import {
  control,
  MC_CLIENT_ID,
  MC_CLIENT_SECRET,
  MC_REDIRECT_URI,
  type ControlDeliveriesJson,
  type McCallsJson,
} from "../tests/support/mc-sandbox";

type Phase = {
  name: string;
  wallSeconds: number;
  contacts: number;
  apiCalls: Record<string, number>;
  totalCalls: number;
  peakInFlight: number;
  refused: number;
  startRssMb: number;
  peakRssMb: number;
};

type SandboxModel = { batchSubscribeMsPerMember: number; maxConnections: number; webhookRetryDelaysMs: number[] };

export async function mailchimpBench() {
  const { values } = parseArgs({
    options: {
      provider: { type: "string" },
      clients: { type: "string", default: "100000" },
      delta: { type: "string", default: "1000" },
      unsubscribes: { type: "string", default: "1000" },
      "outage-unsubscribes": { type: "string", default: "1000" },
      "outage-seconds": { type: "string", default: "60" },
      "target-initial-seconds": { type: "string" },
      "ms-per-member": { type: "string" },
      "result-file": { type: "string", default: path.join(".data", "bench", "mailchimp.json") },
    },
  });
  const N = Number(values.clients),
    DELTA = Number(values.delta),
    UNSUBS = Number(values.unsubscribes),
    OUTAGE_UNSUBS = Number(values["outage-unsubscribes"]),
    OUTAGE_S = Number(values["outage-seconds"]);
  if (UNSUBS + OUTAGE_UNSUBS > N) throw new Error("--clients must be at least the unsubscribes of both phases");

  const database = await startBenchDatabase("bench_mc");
  const sandbox = await startChild(
    "sandbox/mailchimp/main.ts",
    { MC_SANDBOX_PORT: "0" },
    /Mailchimp sandbox on (http:\/\/\S+)/,
  );
  const sandboxUrl = sandbox.match[1]!;
  let verdict: BenchCheck[] = [];
  // Set once the webhook endpoint is up; stopped in `finally` whatever happened.
  let endpoint: { port: number; close(): Promise<void> } | null = null;
  try {
    // Consent withdrawn here, per address: when the webhook that did it was answered (this process's clock).
    const appliedAt = new Map<string, number>();
    const onAnswer = (body: string, answer: WebhookAnswer) => {
      const email = new URLSearchParams(body).get("data[email]");
      if (email && answer.status === 200 && (answer.applied ?? 0) > 0) appliedAt.set(email, Date.now());
    };
    // The endpoint's address goes into the settings before any of the app's code reads them (its port chosen first).
    const endpointPort = await freePort();
    Object.assign(process.env, {
      DATABASE_URL: database.url,
      APP_URL: `http://127.0.0.1:${endpointPort}`,
      MC_CLIENT_ID,
      MC_CLIENT_SECRET,
      MC_REDIRECT_URI,
      MC_OAUTH_BASE_URL: `${sandboxUrl}/oauth2`,
      MC_API_ENDPOINT_PATTERN: `^${sandboxUrl.replace(/[.]/g, "\\.")}$`,
    });
    const { startWebhookEndpoint } = await import("../tests/support/connected-mailchimp");
    endpoint = await startWebhookEndpoint({ port: endpointPort, onAnswer });
    if (values["ms-per-member"] !== undefined)
      await control(sandboxUrl, "/config", { batchSubscribeMsPerMember: Number(values["ms-per-member"]) });
    const model = await control<SandboxModel>(sandboxUrl, "/config");
    // Loaded once DATABASE_URL and the Mailchimp settings above are in place.
    const { db } = await import("../lib/db");
    const { jobsEnv } = await import("../lib/env");
    const { mcConfig } = await import("../lib/integrations/mailchimp/config");
    const { pullHandler } = await import("../lib/sync/pull");
    const { runPush } = await import("../tests/support/run-push");
    const { connectedMailchimpBusiness } = await import("../tests/support/connected-mailchimp");
    const concurrentCalls = jobsEnv().MC_CONCURRENT_CALLS;

    // The real OAuth flow to a fresh sandbox account with a "Newsletter" audience, our webhook registered on it.
    const config = mcConfig();
    const setup = await connectedMailchimpBusiness({ sandbox: { url: sandboxUrl }, config } as never, []);
    await seedOptedInClients(database.url, setup.business.id, N, "bench.test");

    const step = inlineSteps();
    const phases: Phase[] = [];
    const measure = async <T>(name: string, contacts: number, work: () => Promise<T>): Promise<T> => {
      await control(sandboxUrl, "/calls/reset", {});
      const { result, wallSeconds, startRssMb, peakRssMb } = await timedPhase(work);
      const connections = await control<{ peak: Record<string, number>; refused: number }>(sandboxUrl, "/connections");
      const phase: Phase = {
        name,
        wallSeconds: round(wallSeconds),
        contacts,
        ...apiCallsOf((await control<McCallsJson>(sandboxUrl, "/calls")).calls, "/3.0"),
        peakInFlight: connections.peak[setup.accountEmail] ?? 0,
        refused: connections.refused,
        startRssMb,
        peakRssMb,
      };
      phases.push(phase);
      console.log(
        `  ${name}: ${phase.wallSeconds} s, ${phase.totalCalls} API calls (at most ${phase.peakInFlight} in flight), peak ${phase.peakRssMb} MB`,
      );
      return result;
    };

    console.log("Running…");
    const syncChild = await compiled("scripts/lib/bench-sync-child.ts");
    const initial = `full sync of ${N.toLocaleString()} clients (own process)`;
    await measure(initial, N, () =>
      runChild(syncChild, { BENCH_BUSINESS_ID: setup.business.id, BENCH_PROVIDER: "MAILCHIMP" }),
    );
    const audience = async () =>
      (
        await control<{ lists: { id: string; counts: Record<string, number> }[] }>(
          sandboxUrl,
          `/accounts/${encodeURIComponent(setup.accountEmail)}/lists`,
        )
      ).lists.find((l) => l.id === setup.listId)!.counts;
    const subscribedAfterInitial = (await audience()).subscribed ?? 0;

    await db.$executeRaw`
      UPDATE "Client" SET "city" = 'Edited City', "syncVersion" = "syncVersion" + 1, "updatedAt" = now()
      WHERE id IN (SELECT id FROM "Client" WHERE "businessId" = ${setup.business.id}::uuid ORDER BY id LIMIT ${DELTA})`;
    await measure(`delta of ${DELTA.toLocaleString()} edited clients`, DELTA, () =>
      runPush(setup.business.id, "CLIENT_CHANGE", step, "MAILCHIMP"),
    );

    // Unsubscribes made in Mailchimp by the people themselves (the control route fires the webhook as Mailchimp does).
    const stride = Math.floor(N / (UNSUBS + OUTAGE_UNSUBS));
    const emailAt = (i: number) => `client${i * stride}@bench.test`;
    const firedAt = new Map<string, number>();
    const unsubscribe = async (email: string) => {
      firedAt.set(email, Date.now());
      await control(sandboxUrl, "/unsubscribe", { accountEmail: setup.accountEmail, email });
    };
    const live = Array.from({ length: UNSUBS }, (_, i) => emailAt(i + 1));
    await measure(`${UNSUBS.toLocaleString()} unsubscribes in Mailchimp, by webhook`, UNSUBS, async () => {
      for (const email of live) await unsubscribe(email);
      const deadline = Date.now() + 30_000 + model.webhookRetryDelaysMs.reduce((a, b) => a + b, 0);
      while (live.some((e) => !appliedAt.has(e)) && Date.now() < deadline) await sleep(100);
    });
    const latencies = live
      .filter((e) => appliedAt.has(e))
      .map((e) => (appliedAt.get(e)! - firedAt.get(e)!) / 1000)
      .sort((a, b) => a - b);
    const liveApplied = latencies.length;

    // The same while our endpoint is down for OUTAGE_S in the middle: a quarter before, half spread over the outage,
    // a quarter after. Mailchimp's retries deliver what it can; the fallback pull catches the rest.
    const down = Array.from({ length: OUTAGE_UNSUBS }, (_, i) => emailAt(UNSUBS + i + 1));
    const quarter = Math.floor(OUTAGE_UNSUBS / 4);
    const during = down.slice(quarter, OUTAGE_UNSUBS - quarter);
    let pulled = 0;
    let lost = 0;
    let deliveries: Record<string, number> = {};
    await measure(
      `${OUTAGE_UNSUBS.toLocaleString()} unsubscribes, webhook endpoint down ${OUTAGE_S} s in the middle`,
      OUTAGE_UNSUBS,
      async () => {
        for (const email of down.slice(0, quarter)) await unsubscribe(email);
        await endpoint!.close();
        const outageStart = Date.now();
        for (const [i, email] of during.entries()) {
          await sleep(outageStart + ((i + 1) * OUTAGE_S * 1000) / (during.length + 1) - Date.now());
          await unsubscribe(email);
        }
        await sleep(outageStart + OUTAGE_S * 1000 - Date.now());
        endpoint = await startWebhookEndpoint({ port: endpointPort, onAnswer });
        for (const email of down.slice(OUTAGE_UNSUBS - quarter)) await unsubscribe(email);
        // Until the sandbox has delivered or given up every event of the account (its last retry included).
        const deadline =
          Date.now() + 15_000 + model.webhookRetryDelaysMs.reduce((a, b) => a + b, 0) + 10_000; /* answer timeout */
        for (;;) {
          const pending = await control<ControlDeliveriesJson>(
            sandboxUrl,
            `/webhook-deliveries?accountEmail=${encodeURIComponent(setup.accountEmail)}&type=unsubscribe&state=pending`,
          );
          if (pending.deliveries.length === 0 || Date.now() > deadline) break;
          await sleep(500);
        }
        const pull = await pullHandler({
          event: { data: { connectionId: setup.connectionId, trigger: "MANUAL" } },
          step,
        });
        pulled = "unsubscribed" in pull ? pull.unsubscribed : 0;
        const all = await control<ControlDeliveriesJson>(
          sandboxUrl,
          `/webhook-deliveries?accountEmail=${encodeURIComponent(setup.accountEmail)}&type=unsubscribe`,
        );
        const ours = new Set(down);
        deliveries = {};
        for (const d of all.deliveries) {
          if (!ours.has(d.fields["data[email]"] ?? "")) continue;
          const key =
            d.state === "delivered"
              ? d.attempts.length === 1
                ? "delivered at once"
                : "delivered by a retry"
              : d.state;
          deliveries[key] = (deliveries[key] ?? 0) + 1;
        }
        const [row] = await db.$queryRaw<{ n: bigint }[]>`
          SELECT count(*) AS n FROM "Client" WHERE "businessId" = ${setup.business.id}::uuid AND "newsOptIn"
            AND "emailNormalized" IN (SELECT json_array_elements_text(${JSON.stringify(down)}::json))`;
        lost = Number(row?.n ?? 0);
      },
    );
    const counts = await audience();

    const result = {
      provider: "mailchimp",
      date: new Date().toISOString(),
      machine: { node: process.version, cpus: os.cpus().length, loadAverage: os.loadavg().map(round) },
      database: database.kind,
      model: {
        batchSubscribeMsPerMember: model.batchSubscribeMsPerMember,
        membersPerCall: 500,
        secondsPerFullCall: (model.batchSubscribeMsPerMember * 500) / 1000,
        maxConnections: model.maxConnections,
        webhookRetryDelaysMs: model.webhookRetryDelaysMs,
        concurrentCalls,
        // Mailchimp's time alone, were every call as full and as parallel as the connections allow.
        lowerBoundInitialSeconds: round(
          (Math.ceil(N / 500) * model.batchSubscribeMsPerMember * 500) / 1000 / concurrentCalls,
        ),
      },
      phases,
      checks: {
        subscribedAfterInitial,
        audience: counts,
        webhookApplied: liveApplied,
        webhookLatencySeconds: {
          p50: percentile(latencies, 0.5),
          p95: percentile(latencies, 0.95),
          max: latencies.at(-1) ?? null,
        },
        outage: { seconds: OUTAGE_S, unsubscribes: OUTAGE_UNSUBS, deliveries, pulledByFallback: pulled, lost },
      },
    };
    verdict = mailchimpBenchChecks({
      clients: N,
      delta: DELTA,
      unsubscribes: UNSUBS,
      subscribedAfterInitial,
      initialWallSeconds: phases[0]!.wallSeconds,
      targetInitialSeconds:
        values["target-initial-seconds"] === undefined ? undefined : Number(values["target-initial-seconds"]),
      peakRssMb: phases[0]!.peakRssMb,
      peakInFlight: Math.max(...phases.map((p) => p.peakInFlight)),
      refused: phases.reduce((sum, p) => sum + p.refused, 0),
      deltaCalls: phases[1]!.totalCalls,
      webhookApplied: liveApplied,
      webhookP95Seconds: result.checks.webhookLatencySeconds.p95,
      outageLost: lost,
    });
    writeBenchFigures(values["result-file"], { ...result, verdict });
    printTable(phases);
    console.log(JSON.stringify({ model: result.model, checks: result.checks }, null, 2));
    printVerdict(verdict);
    console.log(`Figures written to ${values["result-file"]}`);
  } finally {
    await endpoint?.close();
    await sandbox.stop();
    await (await import("../lib/db")).disconnectDb();
    await database.stop();
  }
  exitWithVerdict(verdict);
}

function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return round(sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

function printTable(phases: Phase[]) {
  console.log(
    "\n| work | wall s | API calls (by endpoint) | most in flight | RSS at start → peak, MB |\n|---|---:|---|---:|---:|",
  );
  for (const p of phases) {
    const calls = Object.entries(p.apiCalls)
      .map(([k, v]) => `${k.replace("/3.0", "")}: ${v}`)
      .join("; ");
    console.log(
      `| ${p.name} | ${p.wallSeconds} | ${p.totalCalls} (${calls}) | ${p.peakInFlight} | ${p.startRssMb} → ${p.peakRssMb} |`,
    );
  }
  console.log("");
}
