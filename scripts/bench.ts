// `npm run bench`: how the sync performs at scale against the sandbox with Constant Contact's real limits
// (4 requests/second). It prints a table, writes the same figures to .data/bench/latest.json, and exits non-zero
// when a check or a README target fails (scripts/lib/bench-checks.ts).
//   full sync of 100,000 opted-in clients · a delta of 1,000 edited clients · a pull of 1,000 new unsubscribes
//   among 100,000 contacts · a bounce pull after one campaign to the whole list with 2,000 bounces · and the naive way
//   (one call per contact) measured on a sample · the clients page among those 100,000: a search by name, by email,
//   and a page past the first 1,000.
// Options: --clients N (default 100000), --delta N (1000), --unsubscribes N (1000), --bounces N (2000),
// --naive-sample N (40),
// --memory-target-mb N (300: the README's target for the sync's peak memory; set it lower to hold a tighter budget),
// --result-file PATH (.data/bench/latest.json).
// `--provider mailchimp` runs the Mailchimp benchmark instead (scripts/bench-mailchimp.ts, its own options).
// Environment: BENCH_TRACE=1 prints each step of the full sync with its times; BENCH_CHILD_NODE_ARGS passes Node
// flags to the full sync's process (e.g. "--max-old-space-size=160" to see how much of its peak is garbage).
import path from "node:path";
import { parseArgs } from "node:util";
import { benchChecks, exitWithVerdict, printVerdict, README_TARGETS, type BenchCheck } from "./lib/bench-checks";
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
import { insertManyClients } from "./lib/seed-large";
import {
  control as sandboxControl,
  type ControlListsJson,
  type ControlResponse,
} from "../sandbox/constant-contact/testing/helpers";
import { inlineSteps } from "../tests/support/inline-step";

const RATE = 4;

type Phase = {
  name: string;
  wallSeconds: number;
  contacts: number;
  contactsPerSecond: number;
  apiCalls: Record<string, number>;
  totalCalls: number;
  startRssMb: number;
  peakRssMb: number;
};

async function main() {
  const { values } = parseArgs({
    options: {
      provider: { type: "string" },
      clients: { type: "string", default: "100000" },
      delta: { type: "string", default: "1000" },
      unsubscribes: { type: "string", default: "1000" },
      bounces: { type: "string", default: "2000" },
      "naive-sample": { type: "string", default: "40" },
      "memory-target-mb": { type: "string", default: String(README_TARGETS.peakRssMb) },
      "result-file": { type: "string", default: path.join(".data", "bench", "latest.json") },
    },
  });
  const N = Number(values.clients),
    DELTA = Number(values.delta),
    UNSUBS = Number(values.unsubscribes),
    BOUNCES = Math.min(Number(values.bounces), Math.floor(Number(values.clients) / 2)),
    NAIVE = Number(values["naive-sample"]),
    MEMORY_TARGET_MB = Number(values["memory-target-mb"]),
    RESULT_FILE = values["result-file"];
  // The database and the sandbox run in child processes, so the memory figures are the sync's own.
  const database = await startBenchDatabase("bench");
  const databaseUrl = database.url;
  const sandbox = await startChild(
    "sandbox/constant-contact/main.ts",
    { SANDBOX_PORT: "0" },
    /sandbox on (http:\/\/\S+)/,
  );
  const sandboxUrl = sandbox.match[1]!;
  let verdict: BenchCheck[] = [];
  try {
    Object.assign(process.env, {
      DATABASE_URL: databaseUrl,
      CC_AUTH_BASE_URL: `${sandboxUrl}/oauth2/default/v1`,
      CC_API_BASE_URL: `${sandboxUrl}/v3`,
      CC_REQUESTS_PER_SECOND: String(RATE),
    });
    const control = <T = ControlResponse>(p: string, body?: unknown) => sandboxControl<T>(sandboxUrl, p, body);
    await control("/config", { requestsPerSecond: RATE, dailyQuota: 1_000_000, importDelayMs: 2_000 });
    // Loaded once DATABASE_URL and the Constant Contact settings above are in place.
    const { db } = await import("../lib/db");
    const { ccConfig } = await import("../lib/integrations/constant-contact/config");
    const { pullBounces, pullHandler } = await import("../lib/sync/pull");
    const { adapterFor } = await import("../lib/sync/providers");
    const { callCounter } = await import("../lib/sync/runs");
    const { runPush } = await import("../tests/support/run-push");
    const { connectedBusiness } = await import("../tests/support/connected-business");
    const { storedTokens } = await import("../tests/support/stored-tokens");

    // The real OAuth flow to a fresh sandbox account with a "Newsletter" list, paced like production.
    const config = ccConfig();
    const setup = await connectedBusiness({ sandbox: { url: sandboxUrl }, config, deps: () => ({ config }) }, []);
    await seedOptedInClients(databaseUrl, setup.business.id, N, "bench.test");
    const search = await measureClientSearch(setup.business.id, N);
    console.log(
      `  clients page: search by name ${search.byNameMs} ms, by email ${search.byEmailMs} ms, a page past 1,000 ${search.pagePast1000Ms} ms`,
    );

    // Steps inline with the real pauses between import checks, so the call counts are what production makes.
    const step = inlineSteps();
    const phases: Phase[] = [];
    const measure = async (name: string, contacts: number, work: () => Promise<unknown>) => {
      await control("/calls/reset", {});
      const { wallSeconds, startRssMb, peakRssMb } = await timedPhase(work);
      const phase = {
        name,
        wallSeconds: round(wallSeconds),
        contacts,
        contactsPerSecond: round(contacts / wallSeconds),
        ...apiCallsOf((await control("/calls")).calls as Record<string, number>, "/v3/"),
        startRssMb,
        peakRssMb,
      };
      phases.push(phase);
      console.log(`  ${name}: ${phase.wallSeconds} s, ${phase.totalCalls} API calls, peak ${phase.peakRssMb} MB`);
    };

    console.log("Running…");
    // The rows the full sync must send, serialized as they are sent: the fewest imports 3.5 MB requests allow.
    const minImportCalls = await fewestImports(setup.business.id);
    const syncChild = await compiled("scripts/lib/bench-sync-child.ts");
    await measure(`full sync of ${N.toLocaleString()} clients (own process)`, N, () =>
      runChild(syncChild, { BENCH_BUSINESS_ID: setup.business.id }),
    );
    const inList = (
      await control<ControlListsJson>(`/accounts/${encodeURIComponent(setup.accountEmail)}/lists`)
    ).lists.find((l) => l.name === "Newsletter");

    await db.$executeRaw`
      UPDATE "Client" SET "city" = 'Edited City', "syncVersion" = "syncVersion" + 1, "updatedAt" = now()
      WHERE id IN (SELECT id FROM "Client" WHERE "businessId" = ${setup.business.id}::uuid ORDER BY id LIMIT ${DELTA})`;
    await measure(`delta of ${DELTA.toLocaleString()} edited clients`, DELTA, () =>
      runPush(setup.business.id, "CLIENT_CHANGE", step),
    );

    for (let i = 1; i <= UNSUBS; i++)
      await control("/unsubscribe", {
        accountEmail: setup.accountEmail,
        email: `client${i * Math.floor(N / UNSUBS)}@bench.test`,
      });
    let pulled = 0;
    await measure(
      `pull of ${UNSUBS.toLocaleString()} unsubscribes among ${N.toLocaleString()} contacts`,
      UNSUBS,
      async () => {
        const pull = await pullHandler({
          event: { data: { connectionId: setup.connectionId, trigger: "MANUAL" } },
          step,
        });
        pulled = "unsubscribed" in pull ? pull.unsubscribed : 0;
      },
    );

    // The owner sends a campaign to the whole list from Constant Contact, and BOUNCES addresses bounce (none of them
    // unsubscribed: those are multiples of N / UNSUBS, these are one past multiples of N / BOUNCES).
    const bounceStep = Math.floor(N / BOUNCES);
    await control("/campaigns", {
      accountEmail: setup.accountEmail,
      list: "Newsletter",
      name: "Bench newsletter",
      bounces: Array.from({ length: BOUNCES }, (_, i) => ({
        email: `client${i * bounceStep + 1}@bench.test`,
        code: i % 2 === 0 ? "B" : "F",
      })),
    });
    let bouncesRecorded = 0;
    await measure(
      `bounce pull: one campaign to ${N.toLocaleString()} with ${BOUNCES.toLocaleString()} bounces`,
      BOUNCES,
      async () => {
        // The bounce part of a pull on its own, through the same session a scheduled pull uses.
        const counter = callCounter();
        const session = adapterFor("CONSTANT_CONTACT").session(setup.connectionId, {
          onCall: counter.onCall,
          purpose: { kind: "UNSUBSCRIBE_PULL", businessId: setup.business.id },
        });
        const connection = await db.connection.findUniqueOrThrow({ where: { id: setup.connectionId } });
        const pulled = await pullBounces({ ...connection, listId: connection.listId! }, session, counter);
        bouncesRecorded = pulled?.bouncesRecorded ?? 0;
      },
    );
    const bouncePhase = phases.at(-1)!;

    // The naive way: one request per contact, as per-contact integrations do, on a sample.
    await measure(`naive: one call per contact (sample of ${NAIVE})`, NAIVE, async () => {
      const token = await storedTokens(setup.connectionId);
      const pace = pacer(RATE);
      for (let i = 0; i < NAIVE; i++) {
        // Paced at 4/s like the real client; a 429 at the edge of the sandbox's one-second window is retried.
        for (let attempt = 0; ; attempt++) {
          await pace();
          const response = await fetch(`${sandboxUrl}/v3/contacts`, {
            method: "POST",
            headers: { authorization: `Bearer ${token.accessToken}`, "content-type": "application/json" },
            body: JSON.stringify({
              email_address: { address: `naive${i}@bench.test`, permission_to_send: "implicit" },
              first_name: "Naive",
              create_source: "Account",
              list_memberships: [setup.listId],
            }),
          });
          if (response.ok) break;
          if (response.status !== 429 || attempt > 5) throw new Error(`naive call failed: ${response.status}`);
        }
      }
    });
    const naive = phases.at(-1)!;

    // Segments: a second business sends client type and groups as custom fields from the start.
    const seg = await connectedBusiness({ sandbox: { url: sandboxUrl }, config, deps: () => ({ config }) }, []);
    await insertManyClients(databaseUrl, {
      businessId: seg.business.id,
      count: N,
      optInRate: 1,
      emailDomain: "seg.bench.test",
    });
    const segmentOptions = await giveTypesAndGroups(db, seg.business.id);
    await db.connection.update({
      where: { businessId_provider: { businessId: seg.business.id, provider: "CONSTANT_CONTACT" } },
      data: { sendClientType: true, sendGroups: true },
    });
    await measure(`full sync of ${N.toLocaleString()} clients with type and groups`, N, () =>
      runPush(seg.business.id, "LIST_SAVED", step),
    );
    // 1,000 clients join a group, marked pending the way lib/clients marks an edited client.
    await db.$executeRaw`
      INSERT INTO "ClientGroupMember" ("clientId", "groupId")
      SELECT id, ${segmentOptions.morningId}::uuid FROM "Client" WHERE "businessId" = ${seg.business.id}::uuid ORDER BY id LIMIT ${DELTA}
      ON CONFLICT DO NOTHING`;
    await db.$executeRaw`
      UPDATE "Client" SET "syncVersion" = "syncVersion" + 1
      WHERE id IN (SELECT "clientId" FROM "ClientGroupMember" WHERE "groupId" = ${segmentOptions.morningId}::uuid)`;
    await measure(`group change for ${DELTA.toLocaleString()} clients`, DELTA, () =>
      runPush(seg.business.id, "CLIENT_CHANGE", step),
    );
    const segInitial = phases.at(-2)!;
    const segChange = phases.at(-1)!;
    const callsBesidesPolls = (p: Phase) =>
      Object.entries(p.apiCalls).reduce((sum, [k, n]) => (k === "GET /v3/activities/{activity_id}" ? sum : sum + n), 0);

    const naiveFull = {
      calls: N,
      hoursAt4PerSecond: round(N / RATE / 3600),
      daysOfStandardQuota: round(N / 10_000),
      measuredSecondsPerCall: round(naive.wallSeconds / NAIVE),
    };

    const result = {
      date: new Date().toISOString(),
      machine: { node: process.version, cpus: (await import("node:os")).cpus().length },
      database: database.kind,
      rateLimitPerSecond: RATE,
      phases,
      checks: {
        clientsInList: inList?.membership_count ?? null,
        unsubscribesApplied: pulled,
        initialImportCalls: phases[0]!.apiCalls["POST /v3/activities/contacts_json_import"] ?? 0,
        deltaImportCalls: phases[1]!.apiCalls["POST /v3/activities/contacts_json_import"] ?? 0,
        segmentInitialImportCalls: segInitial.apiCalls["POST /v3/activities/contacts_json_import"] ?? 0,
        segmentChangeCallsBesidesPolls: callsBesidesPolls(segChange),
        minImportCalls,
        clientSearchMs: search,
        bouncesRecorded,
        bouncePullCalls: bouncePhase.totalCalls,
        bouncePullWallSeconds: bouncePhase.wallSeconds,
      },
      naiveExtrapolated: naiveFull,
    };
    // Memory is judged on the full sync, measured in its own process; the delta and the pull run in this one,
    // after seeding, and are shown for information.
    const peakRssMb = phases[0]!.peakRssMb;
    verdict = benchChecks(
      {
        clients: N,
        delta: DELTA,
        unsubscribes: UNSUBS,
        clientsInList: result.checks.clientsInList,
        unsubscribesApplied: result.checks.unsubscribesApplied,
        initialImportCalls: result.checks.initialImportCalls,
        deltaImportCalls: result.checks.deltaImportCalls,
        segmentInitialImportCalls: result.checks.segmentInitialImportCalls,
        segmentChangeCallsBesidesPolls: result.checks.segmentChangeCallsBesidesPolls,
        minImportCalls,
        initialWallSeconds: phases[0]!.wallSeconds,
        peakRssMb,
        searchByNameMs: search.byNameMs,
        searchByEmailMs: search.byEmailMs,
        pagePast1000Ms: search.pagePast1000Ms,
        bounces: BOUNCES,
        bouncesRecorded,
        bouncePullCalls: bouncePhase.totalCalls,
        bouncePullWallSeconds: bouncePhase.wallSeconds,
      },
      { peakRssMb: MEMORY_TARGET_MB },
    );
    writeBenchFigures(RESULT_FILE, { ...result, verdict });
    printTable(result, RESULT_FILE);
    printVerdict(verdict);
  } finally {
    await sandbox.stop();
    // Our pool closes before the database goes, so dropping it is not reported as a lost connection.
    await (await import("../lib/db")).disconnectDb();
    await database.stop();
  }
  exitWithVerdict(verdict);
}

/**
 * The clients page among the business's clients, as staff use it: a search by a common last name, by part of one
 * email, and the page after the first 1,000 clients (reached by its cursor). Each the median of five runs, in ms.
 */
async function measureClientSearch(businessId: string, clients: number) {
  const { listClients, PAGE_SIZE } = await import("../lib/clients/list-clients");
  const { trustedBusinessScope } = await import("../lib/auth/business-context");
  const scope = trustedBusinessScope(businessId);
  const median = async (work: () => Promise<unknown>) => {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      await work();
      times.push(performance.now() - started);
    }
    return round(times.sort((a, b) => a - b)[2]!);
  };
  // The cursor after the first 1,000 clients (or the last page of a smaller business), as paging there would give.
  let cursor: string | undefined;
  for (let passed = 0; passed < 1_000; passed += PAGE_SIZE) {
    const next = (await listClients(scope, { after: cursor })).nextCursor;
    if (!next) break;
    cursor = next;
  }
  return {
    byNameMs: await median(() => listClients(scope, { q: "smith" })),
    byEmailMs: await median(() => listClients(scope, { q: `client${Math.ceil(clients / 2)}@` })),
    pagePast1000Ms: await median(() => listClients(scope, { after: cursor })),
  };
}

/** Client types (Member for most, Drop-in) and groups (Seniors, Yoga; Morning for the change) spread over clients. */
async function giveTypesAndGroups(db: (typeof import("../lib/db"))["db"], businessId: string) {
  const [member, dropIn] = await Promise.all(
    ["Member", "Drop-in"].map((name) => db.clientType.create({ data: { businessId, name } })),
  );
  const [seniors, yoga, morning] = await Promise.all(
    ["Seniors", "Yoga", "Morning classes"].map((name) => db.clientGroup.create({ data: { businessId, name } })),
  );
  await db.$executeRaw`UPDATE "Client" SET "clientTypeId" = CASE WHEN substr(id::text, 1, 1) < 'c'
    THEN ${member!.id}::uuid ELSE ${dropIn!.id}::uuid END WHERE "businessId" = ${businessId}::uuid`;
  await db.$executeRaw`INSERT INTO "ClientGroupMember" ("clientId", "groupId")
    SELECT id, ${seniors!.id}::uuid FROM "Client" WHERE "businessId" = ${businessId}::uuid AND substr(id::text, 2, 1) < '6'`;
  await db.$executeRaw`INSERT INTO "ClientGroupMember" ("clientId", "groupId")
    SELECT id, ${yoga!.id}::uuid FROM "Client" WHERE "businessId" = ${businessId}::uuid AND substr(id::text, 3, 1) < 'a'`;
  return { morningId: morning!.id };
}

/** ⌈rows / rows per 3.5 MB⌉ (and at most 40,000 rows a request), from the business's opted-in clients' import rows. */
async function fewestImports(businessId: string): Promise<number> {
  const { db } = await import("../lib/db");
  const { toImportRow } = await import("../lib/integrations/constant-contact/rows");
  const { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS } = await import("../lib/integrations/constant-contact/sync-adapter");
  let rows = 0,
    bytes = 0,
    afterId = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const page = await db.$queryRaw<
      { id: string; email: string; firstName: string; lastName: string; city: string | null }[]
    >`
      SELECT id, "emailNormalized" AS email, "firstName", "lastName", city FROM "Client"
      WHERE "businessId" = ${businessId}::uuid AND "newsOptIn" AND id > ${afterId}::uuid ORDER BY id LIMIT 50000`;
    if (page.length === 0) break;
    for (const c of page) {
      const made = toImportRow({ ...c, sourceClientId: c.id, optedInClientIds: [c.id] });
      if (!made.ok) continue;
      rows++;
      bytes += Buffer.byteLength(JSON.stringify(made.row)) + 1;
    }
    afterId = page.at(-1)!.id;
  }
  const rowsPerRequest = Math.min(IMPORT_MAX_ROWS, Math.floor((IMPORT_MAX_BYTES - 200) / (bytes / Math.max(1, rows))));
  return Math.ceil(rows / rowsPerRequest);
}

/** Waits so that calls go out at most `perSecond` a second, for the naive comparison. */
function pacer(perSecond: number) {
  let last = 0;
  return async () => {
    const wait = last + 1000 / perSecond - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    last = Date.now();
  };
}

function printTable(
  result: {
    phases: Phase[];
    checks: Record<string, unknown>;
    naiveExtrapolated: Record<string, number>;
  },
  resultFile: string,
) {
  console.log(
    "\n| work | wall s | contacts/s | API calls (by endpoint) | RSS at start → peak, MB |\n|---|---:|---:|---|---:|",
  );
  for (const p of result.phases) {
    const calls = Object.entries(p.apiCalls)
      .map(([k, v]) => `${k.replace("/v3", "")}: ${v}`)
      .join("; ");
    console.log(
      `| ${p.name} | ${p.wallSeconds} | ${p.contactsPerSecond} | ${p.totalCalls} (${calls}) | ${p.startRssMb} → ${p.peakRssMb} |`,
    );
  }
  console.log(`\nChecks: ${JSON.stringify(result.checks)}`);
  const n = result.naiveExtrapolated;
  console.log(
    `Naive way for all clients: ${n.calls?.toLocaleString()} calls = ${n.hoursAt4PerSecond} h at 4/s = ${n.daysOfStandardQuota} days of a 10,000/day key.`,
  );
  console.log(`Figures written to ${resultFile}`);
}

const { values: chosen } = parseArgs({ options: { provider: { type: "string" } }, strict: false });
const run =
  chosen.provider === "mailchimp"
    ? import("./bench-mailchimp").then((m) => m.mailchimpBench())
    : chosen.provider === undefined || chosen.provider === "constant-contact"
      ? main()
      : Promise.reject(new Error(`--provider is constant-contact (the default) or mailchimp, not ${chosen.provider}`));
run.catch((error) => {
  console.error(error);
  process.exit(1);
});
