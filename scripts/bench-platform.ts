// `npm run bench:platform`: the whole platform against the sandbox, with one API key shared by every business.
// 1,000 connected businesses (sizes from 50 to 100,000 clients, a long tail), three worker processes running the
// local job runner with the shared limiter, client edits and Constant Contact-side unsubscribes arriving at random.
// Prints a table, writes .data/bench/platform.json, exits non-zero when a README target fails.
//
// Time is compressed by one factor F applied to every rate: the sandbox's requests/second and daily quota, the
// app's CC_REQUESTS_PER_SECOND and CC_DAILY_CALL_BUDGET, the sync debounce, the scheduler tick and the sandbox's
// import processing time. Figures are scaled back to real time (a measured 6 s is 60 s at F = 10).
// Options: --businesses N (1000) · --total-clients N (150000, the seeded clients, sizes scaled down to fit) ·
// --factor F (10) · --minutes M (4, the measured stretch in real minutes) · --quick (100 businesses, 20,000
// clients, 1 minute).
// Needs a Postgres server (DATABASE_URL): the embedded one drops connections under three processes' load.
// --hours N (with --businesses N) or --frontier: a simulated day instead, no processes or database (platform-day.ts);
// --out FILE for its JSON; --calls-per-push N / --calls-per-pull N: what-ifs for what a push or a pull costs;
// --look-at-once: the what-if of every push looking at its own import, even on a batching day.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import { migrate } from "../lib/db/migrate";
import { connect, control as sandboxControl, type ControlResponse } from "../sandbox/constant-contact/testing/helpers";
import { spawnTsx } from "../tests/support/spawn-tsx";
import { startChild } from "./lib/child-process";
import { createThrowawayDatabase } from "./lib/database";
import { randomSource, type DaySimulation } from "../lib/sync/day-simulation";
import { connectionPullIntervals } from "../lib/sync/pull-schedule";
import { benchDay, benchFrontier, simulatePlatformDay } from "./lib/platform-day";
import {
  businessSizes,
  dayEvents,
  frontier,
  KEYS,
  percentile,
  platformChecks,
  unsubscribesPerDay,
} from "./lib/platform-figures";
import { insertManyClients } from "./lib/seed-large";

const { values } = parseArgs({
  options: {
    businesses: { type: "string" },
    "total-clients": { type: "string" },
    factor: { type: "string", default: "10" },
    minutes: { type: "string" },
    quick: { type: "boolean", default: false },
    hours: { type: "string" },
    frontier: { type: "boolean", default: false },
    "calls-per-push": { type: "string" },
    "calls-per-pull": { type: "string" },
    "look-at-once": { type: "boolean", default: false },
    out: { type: "string", default: path.join(".data", "bench", "platform.json") },
  },
});
// The simulated day needs no processes and no database: the policy's code on a fake clock (scripts/lib/platform-day.ts).
if (values.hours !== undefined || values.frontier) {
  const hours = Number(values.hours ?? 24);
  if (!(hours > 0 && hours <= 24)) {
    console.error("--hours takes a number of hours from the day's start, more than 0 and at most 24.");
    process.exit(2);
  }
  // What-ifs for the policy's costs (whole calls: a run makes whole calls); the defaults are what the app's runs cost.
  const costs = { callsPerPush: values["calls-per-push"], callsPerPull: values["calls-per-pull"] };
  for (const [name, value] of Object.entries(costs))
    if (value !== undefined && !(Number.isInteger(Number(value)) && Number(value) >= 1)) {
      console.error(
        `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} takes a whole number of calls, 1 or more.`,
      );
      process.exit(2);
    }
  const model = {
    callsPerPush: costs.callsPerPush === undefined ? undefined : Number(costs.callsPerPush),
    callsPerPull: costs.callsPerPull === undefined ? undefined : Number(costs.callsPerPull),
    settleAtPull: !values["look-at-once"],
  };
  const passed = values.frontier
    ? benchFrontier(hours, values.out, model)
    : benchDay(hours, Number(values.businesses ?? 1_000), values.out, model);
  process.exit(passed ? 0 : 1);
}

// Before anything starts: without this the workers die minutes later with "Connection terminated unexpectedly".
if (!process.env.DATABASE_URL) {
  console.error(
    "npm run bench:platform needs a Postgres server: its three worker processes are more than the embedded database " +
      "can serve. Give it one with DATABASE_URL, e.g. DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres " +
      "npm run bench:platform (it creates its own database there and drops it at the end).",
  );
  process.exit(2);
}

const QUICK = values.quick;
const BUSINESSES = Number(values.businesses ?? (QUICK ? 100 : 1_000));
const TOTAL_CAP = Number(values["total-clients"] ?? (QUICK ? 20_000 : 150_000));
const F = Number(values.factor);
const WINDOW_MS = Number(values.minutes ?? (QUICK ? 1 : 4)) * 60_000;
const KEY = KEYS.standard;
const WORKERS = 3;
/** How long edits of the window may take to land after it: the plan's longest wait at this size and the import. */
const DRAIN_SIMULATED_MINUTES = 70;
const DOMAIN = (i: number) => `b${i}.platform.test`;

async function main() {
  const benchStarted = Date.now();
  const database = process.env.DATABASE_URL
    ? await createThrowawayDatabase("bench_platform", process.env.DATABASE_URL)
    : null;
  const embedded = database ? null : await startChild("scripts/embedded-postgres.ts", {}, /READY (\S+)/);
  const databaseUrl = database?.url ?? embedded!.match[1]!;
  const sandbox = await startChild(
    "sandbox/constant-contact/main.ts",
    { SANDBOX_PORT: "0" },
    /sandbox on (http:\/\/\S+)/,
  );
  const sandboxUrl = sandbox.match[1]!;
  const workers: Worker[] = [];
  let failed = true;
  try {
    await migrate(databaseUrl);
    const appEnv = {
      DATABASE_URL: databaseUrl,
      CC_AUTH_BASE_URL: `${sandboxUrl}/oauth2/default/v1`,
      CC_API_BASE_URL: `${sandboxUrl}/v3`,
      CC_REQUESTS_PER_SECOND: String(KEY.requestsPerSecond * F),
      CC_DAILY_CALL_BUDGET: String(KEY.dailyBudget * F),
    };
    Object.assign(process.env, appEnv);
    const control = <T = ControlResponse>(p: string, body?: unknown) => sandboxControl<T>(sandboxUrl, p, body);
    await control("/config", {
      requestsPerSecond: KEY.requestsPerSecond * F,
      dailyQuota: KEY.dailyBudget * F,
      tokenRequestsPerSecond: 1_000,
      accessTokenTtlSeconds: 86_400,
      importDelayMs: Math.round(5_000 / F),
    });
    const { sealToken } = await import("../lib/integrations/connections");
    const { db } = await import("../lib/db");
    const { currentPullInterval } = await import("../lib/sync/pull");
    const sql = new pg.Client({ connectionString: databaseUrl });
    await sql.connect();
    // The benchmark's own statements (its client edits, its looks at the tables) run as a role of their own, so
    // that pg_stat_statements tells them apart from the platform's and the day's figure leaves them out.
    await sql.query(
      `DO $$ BEGIN CREATE ROLE ${BENCH_ROLE} SUPERUSER; EXCEPTION WHEN duplicate_object THEN NULL; END $$`,
    );
    await sql.query(`SET ROLE ${BENCH_ROLE}`);
    // And its commits do not wait for the disk: pg_stat_statements times a statement, not its commit's WAL flush,
    // and what the edits' flushes took would stay in the platform's time.
    await sql.query("SET synchronous_commit = off");

    // Businesses, each with its own sandbox account and list, connected with real tokens, and its clients.
    const { sizes, uncapped, scale } = businessSizes(BUSINESSES, TOTAL_CAP);
    const seeded = sizes.reduce((a, b) => a + b, 0);
    console.log(
      `Seeding ${BUSINESSES} businesses, ${seeded.toLocaleString()} clients` +
        (scale < 1
          ? ` (sizes scaled by ${scale.toFixed(4)} from ${uncapped.toLocaleString()} to fit --total-clients)`
          : "") +
        "…",
    );
    const businesses: { id: string; connectionId: string; size: number; nominal: number }[] = [];
    const nominal = businessSizes(BUSINESSES, Number.MAX_SAFE_INTEGER).sizes;
    for (let i = 0; i < BUSINESSES; i++) {
      const { rows } = await sql.query<{ id: string }>(
        `INSERT INTO "Business" ("name", "slug", "countryCode", "timeZone") VALUES ($1, $1, 'US', 'America/New_York') RETURNING id`,
        [`bench-${i}`],
      );
      const businessId = rows[0]!.id;
      const email = `owner${i}@${DOMAIN(i)}`;
      const account = await control<{ lists: { list_id: string }[] }>("/seed", {
        account: { email, password: "sandbox-password" },
        lists: [{ name: "Newsletter" }],
      });
      const tokens = await connect(sandboxUrl, { email, password: "sandbox-password" });
      const connectionId = crypto.randomUUID();
      await db.connection.create({
        data: {
          provider: "CONSTANT_CONTACT",
          id: connectionId,
          businessId,
          status: "ACTIVE",
          accessTokenEnc: sealToken(tokens.access_token, connectionId),
          refreshTokenEnc: sealToken(tokens.refresh_token!, connectionId),
          accessTokenExpiresAt: new Date(Date.now() + tokens.expires_in * 1000),
          listId: account.lists[0]!.list_id,
          listName: "Newsletter",
          listChosenAt: new Date(),
          syncGeneration: 1,
          connectedAt: new Date(),
          unsubscribeWatermark: new Date(),
        },
      });
      await insertManyClients(databaseUrl, { businessId, count: sizes[i]!, optInRate: 1, emailDomain: DOMAIN(i) });
      businesses.push({ id: businessId, connectionId, size: sizes[i]!, nominal: nominal[i]! });
    }

    for (let w = 0; w < WORKERS; w++)
      workers.push(
        await startWorker({
          ...appEnv,
          WORKER_DEBOUNCE_MS: String(Math.round(60_000 / F)),
          // The push plan's shortest wait is the debounce: 60 simulated seconds, not 60 real ones (10 simulated minutes).
          SYNC_DEBOUNCE_SECONDS: String(Math.max(1, Math.round(60 / F))),
          // The plan's unit too: unscaled, its first step (5 real minutes) was 50 simulated ones.
          SYNC_PLAN_STEP_SECONDS: String(Math.max(1, Math.round(300 / F))),
          WORKER_PULL_TICK_MS: String(Math.round(300_000 / F)),
        }),
      );

    // Every business's full sync (not part of the measured day).
    console.log(`Full sync of every business through ${WORKERS} workers…`);
    const dbBefore = await activeMs(sql);
    const initialStarted = performance.now();
    businesses.forEach((b, i) => workers[i % WORKERS]!.send(`initial ${b.id}`));
    await Promise.all(workers.map((w) => w.idle()));
    const initialSeconds = (performance.now() - initialStarted) / 1000;
    const initialDbMs = since(dbBefore, await activeMs(sql));
    const pendingAfterInitial = Number((await sql.query(`SELECT count(*) FROM "ClientSyncPending"`)).rows[0].count);
    console.log(`  ${initialSeconds.toFixed(0)} s, ${pendingAfterInitial} clients still pending`);

    // A day in progress, not a day that starts now. The app's schedules read the real clock and the platform's
    // history: on an empty ledger at 14:00 the pull schedule hands the whole day's budget to the hours left and pulls
    // several times too often, and with no push runs behind it the push plan waits only the debounce (a platform's
    // first day). So the platform gets the history the simulated day (platform-day.ts: same businesses, same key,
    // the app's own policy) has at this real minute of the UTC day, every rate ×F:
    // - the ledger: the day's calls so far, by hour and kind;
    // - push runs: each business's pushes of the simulated day, spread over the last (real) 24 hours;
    // - each connection's learned unsubscribe rate, its last pull a random share of its own interval ago, and the
    //   unsubscribes its account had since (the backlog its next pull finds).
    await sql.query(`DELETE FROM "ApiCallLedger"`);
    await sql.query(`DELETE FROM "ApiRateLimit"`);
    const steadyDay = simulatePlatformDay({ businesses: BUSINESSES, key: "standard", hours: 24 });
    const ledgerSoFar = steadyLedger(steadyDay.byHour);
    await sql.query(
      `INSERT INTO "ApiCallLedger" ("hour", "provider", "kind", "businessId", "calls")
       SELECT h, 'CONSTANT_CONTACT', k::"ApiCallKind", $4::uuid, c
       FROM unnest($1::timestamptz[], $2::text[], $3::int[]) AS t(h, k, c) WHERE c > 0`,
      [
        ledgerSoFar.map((r) => r.hour),
        ledgerSoFar.map((r) => r.kind),
        ledgerSoFar.map((r) => r.calls),
        businesses[0]!.id,
      ],
    );
    // A settled change-driven push of a batching day: it sent one import (its answer was read by a pull).
    await sql.query(
      `INSERT INTO "SyncRun" ("businessId", "connectionId", "kind", "trigger", "status", "phase", "apiCalls",
                              "startedAt", "finishedAt")
       SELECT t.b, t.c, 'DELTA', 'CLIENT_CHANGE', 'SUCCEEDED', 'done', 1, s.at, s.at + interval '2 seconds'
       FROM unnest($1::uuid[], $2::uuid[], $3::int[]) AS t(b, c, n)
       CROSS JOIN LATERAL (SELECT now() - random() * interval '1 day' AS at FROM generate_series(1, t.n)) s`,
      [
        businesses.map((b) => b.id),
        businesses.map((b) => b.connectionId),
        businesses.map((_, i) => Math.round(steadyDay.pushesByBusiness[i]! * F)),
      ],
    );
    const unsubscribeRates = businesses.map((b) => unsubscribesPerDay(b.nominal) * F);
    await sql.query(
      `UPDATE "Connection" k SET "unsubscribesPerDay" = t.r FROM unnest($1::uuid[], $2::float8[]) AS t(id, r)
       WHERE k.id = t.id`,
      [businesses.map((b) => b.connectionId), unsubscribeRates],
    );
    const { intervalMinutes: startInterval } = await currentPullInterval("CONSTANT_CONTACT");
    const { rows: pullCosts } = await sql.query<{ id: string; calls: number }>(
      `SELECT id, "lastUnsubscribePullCalls" AS calls FROM "Connection"`,
    );
    const callsOf = new Map(pullCosts.map((r) => [r.id, r.calls]));
    const ownIntervals = connectionPullIntervals(
      businesses.map((b, i) => ({
        id: i,
        lastPullAt: 0,
        unsubscribesPerDay: unsubscribeRates[i]!,
        callsPerPull: callsOf.get(b.connectionId) ?? 1,
      })),
      { intervalMinutes: startInterval, weighted: true },
    );
    const sinceLastPull = businesses.map((_, i) => dayRandom() * ownIntervals.get(i)!);
    await sql.query(
      `UPDATE "Connection" k SET "lastUnsubscribePullAt" = now() - t.m * interval '1 minute',
              "unsubscribeWatermark" = now() - t.m * interval '1 minute'
       FROM unnest($1::uuid[], $2::float8[]) AS t(id, m) WHERE k.id = t.id`,
      [businesses.map((b) => b.connectionId), sinceLastPull],
    );
    // Autovacuum, played: the machine's Postgres has it off (its CI configuration); production's has it on.
    // Without it the full syncs' 150,000 deleted pending rows and every updated connection stay in the tables and
    // the indexes, and the day's statements wade through them. Once after the full syncs (not measured), as autovacuum
    // would after such a burst; then every real minute of the day (autovacuum's naptime), on a connection of its own
    // and its time counted, the tables autovacuum would take by its default threshold (dead rows over 50 + 20%).
    await sql.query("VACUUM ANALYZE");
    const vacuumer = new pg.Client({ connectionString: databaseUrl });
    await vacuumer.connect();
    const autovacuum = async () => {
      const { rows } = await vacuumer.query<{ name: string }>(
        `SELECT format('%I.%I', schemaname, relname) AS name FROM pg_stat_user_tables
         WHERE n_dead_tup > 50 + 0.2 * n_live_tup`,
      );
      if (rows.length > 0) await vacuumer.query(`VACUUM ${rows.map((r) => r.name).join(", ")}`);
    };
    let vacuuming = Promise.resolve();
    const vacuumTimer = setInterval(() => {
      vacuuming = vacuuming.then(autovacuum);
    }, 60_000);

    await control("/calls/reset", {});
    workers.forEach((w) => w.send(`schedules ${Math.round(86_400_000 / F)}`));

    const events = dayEvents({ sizes: businesses.map((b) => b.nominal), windowMs: WINDOW_MS, factor: F });
    console.log(
      `Simulating ${((WINDOW_MS * F) / 3_600_000).toFixed(1)} h of the day in ${WINDOW_MS / 60_000} min: ` +
        `${events.filter((e) => e.kind === "edit").length} edits, ${events.filter((e) => e.kind === "unsubscribe").length} unsubscribes…`,
    );
    const edits = new Map<string, { at: number; version: number; landed?: number }>();
    const unsubscribes = new Map<string, { at: number; applied?: number }>();
    const used = new Set<string>();
    const usedOf = new Map<number, number>();
    const pickClient = async (business: number) => {
      // A business seeded smaller than its nominal size (--total-clients) can run out of clients to touch.
      if ((usedOf.get(business) ?? 0) >= businesses[business]!.size) return null;
      usedOf.set(business, (usedOf.get(business) ?? 0) + 1);
      for (;;) {
        const n = 1 + Math.floor(Math.random() * businesses[business]!.size);
        const key = `${business}:${n}`;
        if (used.has(key)) continue;
        used.add(key);
        const { rows } = await sql.query<{ id: string }>(
          `SELECT id FROM "Client" WHERE "businessId" = $1 AND "emailNormalized" = $2`,
          [businesses[business]!.id, `client${n}@${DOMAIN(business)}`],
        );
        return { id: rows[0]!.id, email: `client${n}@${DOMAIN(business)}` };
      }
    };
    // The clients each event touches, found before the day: the day's database time is the platform's, not the
    // benchmark's own lookups. For the same reason nothing polls during the day: when an edit landed and an
    // unsubscribe was applied is read at the end from the rows' own times (ClientSyncState.updatedAt, written with
    // the confirmed version; Client.updatedAt, written with the opt-out).
    // The backlog of the day in progress: each account's unsubscribes since its connection's last pull, at the day's
    // rate. Made before the window; the pulls of the window apply some of them, as a steady day's pulls apply what
    // accumulated since the last one. They count as synced contacts when applied, not in the staleness (their
    // simulated time is not known).
    const backlog = new Map<string, { applied?: number }>();
    for (const [i, b] of businesses.entries()) {
      const expected = (unsubscribesPerDay(b.nominal) * sinceLastPull[i]! * F) / 1_440;
      for (let n = poisson(expected, dayRandom); n > 0; n--) {
        const client = await pickClient(i);
        if (!client) break;
        await control("/unsubscribe", { accountEmail: `owner${i}@${DOMAIN(i)}`, email: client.email });
        backlog.set(client.id, {});
      }
    }
    const picked: ({ id: string; email: string } | null)[] = [];
    for (const event of events) picked.push(await pickClient(event.business));
    console.log(
      `  pull interval at the start ${startInterval} real min; ${backlog.size} backlog unsubscribes; ` +
        `${(await sql.query(`SELECT count(*) FROM "SyncRun" WHERE kind = 'UNSUBSCRIBE_PULL'`)).rows[0].count} pulls before the window`,
    );
    await resetStatementStats(sql);
    const dbDayBefore = await activeMs(sql);
    const dayStarted = Date.now();
    /** Reads when edits landed and unsubscribes were applied; says whether every edit has landed. */
    async function observe(): Promise<boolean> {
      const editIds = [...edits.keys()];
      // Sent is landed: on a batching day a push only sends and its answer is read later (the simulation, too,
      // measures an edit to its push's import). The first time seen: a later answer moves the row's time again.
      const { rows: states } = await sql.query<{ clientId: string; version: number; updatedAt: Date }>(
        `SELECT "clientId", greatest("syncedVersion", "inFlightVersion") AS version, "updatedAt"
         FROM "ClientSyncState" WHERE "clientId" = ANY($1::uuid[])`,
        [editIds],
      );
      for (const r of states) {
        const e = edits.get(r.clientId)!;
        if (r.version >= e.version) e.landed ??= r.updatedAt.getTime();
      }
      // The stretch's own unsubscribes and the backlog's, in one look.
      const { rows: optedOut } = await sql.query<{ id: string; updatedAt: Date }>(
        `SELECT id, "updatedAt" FROM "Client" WHERE id = ANY($1::uuid[]) AND NOT "newsOptIn"`,
        [[...unsubscribes.keys(), ...backlog.keys()]],
      );
      for (const r of optedOut) (unsubscribes.get(r.id) ?? backlog.get(r.id))!.applied ??= r.updatedAt.getTime();
      return [...edits.values()].every((e) => e.landed !== undefined);
    }
    let sent = 0;
    for (const [i, event] of events.entries()) {
      const wait = dayStarted + event.atMs - Date.now();
      if (wait > 0) await sleep(wait);
      const client = picked[i];
      if (!client) continue;
      if (event.kind === "edit") {
        const { rows } = await sql.query<{ syncVersion: number; updatedAt: Date }>(
          `UPDATE "Client" SET "city" = 'Edited', "syncVersion" = "syncVersion" + 1, "updatedAt" = now()
           WHERE id = $1 RETURNING "syncVersion", "updatedAt"`,
          [client.id],
        );
        edits.set(client.id, { at: rows[0]!.updatedAt.getTime(), version: rows[0]!.syncVersion });
        workers[sent++ % WORKERS]!.send(`edit ${businesses[event.business]!.id}`);
      } else {
        await control("/unsubscribe", {
          accountEmail: `owner${event.business}@${DOMAIN(event.business)}`,
          email: client.email,
        });
        unsubscribes.set(client.id, { at: Date.now() });
      }
    }
    await sleep(dayStarted + WINDOW_MS - Date.now());
    const dayMs = Date.now() - dayStarted;
    const windowEnd = Date.now();
    // The database's time and the calls of the window; the drain that follows is there for the latencies only.
    const dayDbMs = since(dbDayBefore, await activeMs(sql));
    const windowStatements = await statementStats(sql);
    // The platform's time: the window's, less the benchmark's own statements (the edits a user would make, its
    // looks). The autovacuum it plays stays in: production's autovacuum does that work for the platform.
    const platformDbMs = dayDbMs === null ? null : dayDbMs - (windowStatements.totals?.benchmarkMs ?? 0);
    const sandboxCalls = (await control<{ total: number }>("/calls")).total;
    const ledger = await sql.query<{ kind: string; calls: string }>(
      `SELECT kind, sum(calls) AS calls FROM "ApiCallLedger" GROUP BY kind ORDER BY kind`,
    );
    // Edits made late in the window wait for the plan's wait (≤ 60 simulated minutes at this size) and the import.
    const drainUntil = Date.now() + (DRAIN_SIMULATED_MINUTES * 60_000) / F;
    while (Date.now() < drainUntil && !(await observe())) await sleep(1_000);
    clearInterval(vacuumTimer);
    await vacuuming;
    await vacuumer.end();

    const seen = await control<{ throttled: number; quotaExceeded: number; peakPerSecond: number }>("/rate-limits");
    await observe();
    const pulls = await sql.query<{ avg: number | null; pulled: string }>(
      `SELECT avg("lastUnsubscribePullCalls")::float AS avg, count(*) FILTER (WHERE "lastUnsubscribePullAt" > $1) AS pulled
       FROM "Connection"`,
      [new Date(dayStarted)],
    );
    const runsInDay = await sql.query<{ kind: string; runs: number }>(
      `SELECT kind, count(*)::int AS runs FROM "SyncRun" WHERE "startedAt" BETWEEN $1 AND $2 GROUP BY kind ORDER BY kind`,
      [new Date(dayStarted), new Date(windowEnd)],
    );
    const { intervalMinutes: endInterval } = await currentPullInterval("CONSTANT_CONTACT");
    const { dueUnsubscribePulls } = await import("../lib/sync/pull");
    const dueAtEnd = (await dueUnsubscribePulls({ tickMinutes: Number.MAX_SAFE_INTEGER })).length;
    const rss = await Promise.all(workers.map((w) => w.rss()));
    await sql.end();

    const simulatedMinutes = (ms: number) => round((ms * F) / 60_000);
    const latencies = [...edits.values()].filter((e) => e.landed).map((e) => simulatedMinutes(e.landed! - e.at));
    const staleness = [...unsubscribes.values()]
      .filter((u) => u.applied)
      .map((u) => simulatedMinutes(u.applied! - u.at));
    const pendingUnsubs = [...unsubscribes.values()].filter((u) => !u.applied);
    const simulatedDays = (dayMs * F) / 86_400_000;
    // The window's calls: the ledger less what it was given at the start.
    const windowCalls = ledger.rows.map(
      (r) =>
        [
          r.kind,
          Number(r.calls) - ledgerSoFar.filter((l) => l.kind === r.kind).reduce((sum, l) => sum + l.calls, 0),
        ] as const,
    );
    const backlogApplied = [...backlog.values()].filter((u) => u.applied).length;
    // The database time is the window's: so are the contacts it synced.
    const inWindow = (at: number | undefined) => at !== undefined && at <= windowEnd;
    const syncedContacts =
      [...edits.values()].filter((e) => inWindow(e.landed)).length +
      [...unsubscribes.values(), ...backlog.values()].filter((u) => inWindow(u.applied)).length;
    const runs = Object.fromEntries(runsInDay.rows.map((r) => [r.kind, r.runs]));
    const runCount = Object.values(runs).reduce((a, b) => a + b, 0);
    const callsPerPull = pulls.rows[0]!.avg ?? 2;
    const result = {
      date: new Date().toISOString(),
      scale: {
        factor: F,
        note: `time compressed ${F}×: sandbox and app rates and budget ×${F}, debounce, scheduler tick and sandbox import time ÷${F}; figures scaled back`,
        caveat:
          "The schedules read the real clock: the ledger starts with the calls the simulated day has made by this real " +
          "minute of the UTC day (×F), so the pull interval is the steady one; its 15-minute floor is 15·F simulated " +
          "minutes, and the push plan knows no pushes from before the window (it waits the debounce, as on a first day).",
        realWindowMinutes: round(dayMs / 60_000),
        simulatedHours: round((dayMs * F) / 3_600_000),
      },
      businesses: BUSINESSES,
      clients: {
        seeded,
        nominal: uncapped,
        capNote: scale < 1 ? `sizes scaled by ${scale.toFixed(4)} to fit ${TOTAL_CAP.toLocaleString()}` : null,
      },
      workers: WORKERS,
      key: KEY,
      initialSync: {
        realSeconds: round(initialSeconds),
        pendingAfter: pendingAfterInitial,
        dbMsPerContact: initialDbMs === null ? null : round(initialDbMs / seeded, 4),
      },
      day: {
        edits: edits.size,
        unsubscribes: unsubscribes.size,
        sandboxCalls,
        callsPerSimulatedDay: Math.round(sandboxCalls / simulatedDays),
        ledgerByKind: Object.fromEntries(windowCalls),
        perSimulatedDayByKind: Object.fromEntries(
          windowCalls.map(([kind, calls]) => [kind, Math.round(calls / ((dayMs * F) / 86_400_000))]),
        ),
        highestSecondScaled: round(seen.peakPerSecond / F),
        throttled: seen.throttled,
        quotaExceeded: seen.quotaExceeded,
        changeToListMinutes: {
          measured: latencies.length,
          notLanded: edits.size - latencies.length,
          p50: percentile(latencies, 50),
          p95: percentile(latencies, 95),
          max: latencies.length ? Math.max(...latencies) : null,
        },
        unsubscribeStalenessMinutes: {
          applied: staleness.length,
          p50: percentile(staleness, 50),
          p95: percentile(staleness, 95),
          pendingAtEnd: pendingUnsubs.length,
          pendingOldest: pendingUnsubs.length
            ? simulatedMinutes(Date.now() - Math.min(...pendingUnsubs.map((u) => u.at)))
            : null,
          scheduleIntervalAtEndMinutes: endInterval * F,
        },
        pulls: {
          connectionsPulled: Number(pulls.rows[0]!.pulled),
          averageCallsPerPull: round(callsPerPull),
          dueAtEnd,
        },
        backlog: { unsubscribes: backlog.size, applied: backlogApplied },
        runsByKind: runs,
        syncedContacts,
        /** The window's database time (active_time), and the part of it that is the benchmark's own statements. */
        dbMs: dayDbMs === null ? null : round(dayDbMs, 1),
        benchmarkOwnDbMs: windowStatements.totals?.benchmarkMs ?? null,
        /** What pg_stat_statements counts of the platform's statements (execution and planning), every statement. */
        platformStatementsMs: windowStatements.totals?.platformMs ?? null,
        dbMsPerRun: platformDbMs === null || runCount === 0 ? null : round(platformDbMs / runCount, 2),
        dbMsPerSyncedContact:
          platformDbMs === null || syncedContacts === 0 ? null : round(platformDbMs / syncedContacts, 2),
        /** The same with the benchmark's own statements (the client edits themselves, its looks) left in. */
        dbMsPerSyncedContactWithEdits:
          dayDbMs === null || syncedContacts === 0 ? null : round(dayDbMs / syncedContacts, 2),
        /** The window's heaviest statements (pg_stat_statements, when the server loads it). */
        statements: windowStatements.heaviest,
      },
      peakRssMbPerWorker: rss,
      frontier: frontier(callsPerPull),
    };
    const verdict = platformChecks({
      businesses: BUSINESSES,
      quotaExceeded: seen.quotaExceeded,
      throttled: seen.throttled,
      peakPerSecondScaled: result.day.highestSecondScaled,
      changeToListP95Minutes: result.day.changeToListMinutes.p95,
      editsMeasured: latencies.length,
      dbMsPerSyncedContact: result.day.dbMsPerSyncedContact,
    });
    mkdirSync(path.join(".data", "bench"), { recursive: true });
    writeFileSync(path.join(".data", "bench", "platform.json"), JSON.stringify({ ...result, verdict }, null, 2));
    printTable(result);
    for (const c of verdict) console.log(`${c.ok ? "PASS" : "FAIL"} ${c.name}: ${c.actual} (expected ${c.expected})`);
    failed = verdict.some((c) => !c.ok);
    console.log(`Whole run: ${round((Date.now() - benchStarted) / 60_000, 1)} min`);
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    await sandbox.stop();
    // Our pool closes before the database goes, so dropping it is not reported as a lost connection.
    await (await import("../lib/db")).disconnectDb();
    await embedded?.stop();
    await database?.drop();
  }
  process.exit(failed ? 1 : 0);
}

type Worker = Awaited<ReturnType<typeof startWorker>>;

async function startWorker(env: Record<string, string>) {
  const script = fileURLToPath(new URL("./lib/platform-worker.ts", import.meta.url));
  const child = spawnTsx(script, { ...process.env, ...env });
  const lines = createInterface({ input: child.stdout });
  const waiting: { prefix: string; resolve: (line: string) => void }[] = [];
  lines.on("line", (line) => {
    const i = waiting.findIndex((w) => line.startsWith(w.prefix));
    if (i >= 0) waiting.splice(i, 1)[0]!.resolve(line);
  });
  const next = (prefix: string) => new Promise<string>((resolve) => waiting.push({ prefix, resolve }));
  await next("ready");
  const ask = (command: string, prefix: string) => {
    const answer = next(prefix);
    child.stdin.write(`${command}\n`);
    return answer;
  };
  return {
    send: (line: string) => child.stdin.write(`${line}\n`),
    idle: () => ask("idle", "idle"),
    rss: async () => Number((await ask("rss", "rss ")).slice(4)),
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once("exit", () => done());
        child.stdin.end();
      }),
  };
}

/**
 * Where the window's database time went, by statement, when the server loads pg_stat_statements
 * (`shared_preload_libraries`; the extension is created in the benchmark's database): empty otherwise.
 */
async function resetStatementStats(sql: pg.Client): Promise<void> {
  try {
    await sql.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    await sql.query("SELECT pg_stat_statements_reset()");
  } catch {
    // Not loaded on this server: the figures say so by having no statements.
  }
}

/** The role the benchmark's own connection runs as (cluster-wide; made once, kept). */
const BENCH_ROLE = "bench_platform_observer";

type StatementStat = { query: string; calls: number; ms: number; planMs: number; rows: number; benchmark: boolean };
type StatementTotals = { platformMs: number; benchmarkMs: number; calls: number };

async function statementStats(sql: pg.Client): Promise<{ heaviest: StatementStat[]; totals: StatementTotals | null }> {
  const inThisDatabase = `dbid = (SELECT oid FROM pg_database WHERE datname = current_database())`;
  try {
    const { rows: heaviest } = await sql.query<StatementStat>(
      `SELECT left(regexp_replace(query, '\\s+', ' ', 'g'), 160) AS query, calls::int,
         round((total_exec_time + total_plan_time)::numeric, 1)::float AS ms, round(total_plan_time::numeric, 1)::float AS "planMs",
         rows::int, userid = '${BENCH_ROLE}'::regrole AS benchmark
       FROM pg_stat_statements WHERE ${inThisDatabase}
       ORDER BY total_exec_time + total_plan_time DESC LIMIT 40`,
    );
    // Every statement, not only the heaviest: the long tail is a share of the time too.
    const { rows } = await sql.query<StatementTotals>(
      `SELECT coalesce(round(sum(total_exec_time + total_plan_time) FILTER (WHERE userid <> '${BENCH_ROLE}'::regrole)::numeric, 1), 0)::float AS "platformMs",
         coalesce(round(sum(total_exec_time + total_plan_time) FILTER (WHERE userid = '${BENCH_ROLE}'::regrole)::numeric, 1), 0)::float AS "benchmarkMs",
         coalesce(sum(calls), 0)::int AS calls
       FROM pg_stat_statements WHERE ${inThisDatabase}`,
    );
    return { heaviest, totals: rows[0]! };
  } catch {
    return { heaviest: [], totals: null };
  }
}

/** The database's time executing statements (pg_stat_database.active_time, PostgreSQL 14+), or null. */
async function activeMs(sql: pg.Client): Promise<number | null> {
  try {
    await sql.query("SELECT pg_stat_force_next_flush()");
    await sleep(1_100);
    const { rows } = await sql.query(`SELECT active_time FROM pg_stat_database WHERE datname = current_database()`);
    return rows[0]?.active_time ?? null;
  } catch {
    return null;
  }
}

function since(before: number | null, after: number | null): number | null {
  return before === null || after === null ? null : after - before;
}

const dayRandom = randomSource(11);

/** A Poisson count with the given mean (Knuth's method: the means here are a few at most). */
function poisson(mean: number, random: () => number): number {
  const limit = Math.exp(-mean);
  let n = 0;
  for (let p = random(); p > limit; p *= random()) n++;
  return n;
}

/** The ledger rows of today up to this real minute: the simulated day's calls of each hour, ×F, by kind. */
function steadyLedger(byHour: DaySimulation["byHour"], now = new Date()) {
  const dayStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const minutes = (now.getTime() - dayStart) / 60_000;
  const kinds = { push: "PUSH", pull: "UNSUBSCRIBE_PULL", interactive: "INTERACTIVE" } as const;
  return byHour.slice(0, Math.ceil(minutes / 60)).flatMap((calls, hour) => {
    const share = Math.min(1, (minutes - hour * 60) / 60);
    return (Object.keys(kinds) as (keyof typeof kinds)[]).map((kind) => ({
      hour: new Date(dayStart + hour * 3_600_000),
      kind: kinds[kind],
      calls: Math.round(calls[kind] * F * share),
    }));
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function round(n: number, digits = 2) {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

function printTable(r: {
  scale: { note: string; caveat: string; realWindowMinutes: number; simulatedHours: number };
  businesses: number;
  clients: { seeded: number; nominal: number; capNote: string | null };
  day: Record<string, unknown> & {
    backlog: { unsubscribes: number; applied: number };
    changeToListMinutes: Record<string, number | null>;
    unsubscribeStalenessMinutes: Record<string, number | null>;
    statements: StatementStat[];
  };
  initialSync: Record<string, number | null>;
  peakRssMbPerWorker: number[];
  frontier: ReturnType<typeof frontier>;
}) {
  const d = r.day;
  const c = d.changeToListMinutes;
  const u = d.unsubscribeStalenessMinutes;
  console.log(`\n${r.scale.note}.\n${r.scale.caveat}`);
  console.log(
    `${r.businesses} businesses, ${r.clients.seeded.toLocaleString()} clients seeded` +
      (r.clients.capNote ? ` (nominal ${r.clients.nominal.toLocaleString()}; ${r.clients.capNote})` : "") +
      `; ${r.scale.simulatedHours} simulated hours in ${r.scale.realWindowMinutes} real minutes.\n`,
  );
  console.log("| figure | measured |\n|---|---:|");
  const row = (name: string, value: unknown) => console.log(`| ${name} | ${value ?? "–"} |`);
  row("edits · unsubscribes in the window", `${d.edits} · ${d.unsubscribes}`);
  row(`calls per simulated day (budget ${KEY.dailyBudget.toLocaleString()})`, d.callsPerSimulatedDay);
  row("calls in the window by kind", JSON.stringify(d.ledgerByKind));
  row("calls per simulated day by kind", JSON.stringify(d.perSimulatedDayByKind));
  row(`highest second, scaled back (limit ${KEY.requestsPerSecond})`, d.highestSecondScaled);
  row("throttled · quota_exceeded", `${d.throttled} · ${d.quotaExceeded}`);
  row(
    "change-to-list p50 / p95 / max, min",
    `${c.p50} / ${c.p95} / ${c.max} (${c.measured} landed, ${c.notLanded} not)`,
  );
  row(
    "unsubscribe staleness p50 / p95, min",
    `${u.p50} / ${u.p95} (${u.applied} applied; ${u.pendingAtEnd} pending at the end, oldest ${u.pendingOldest})`,
  );
  row("pull interval at the end, simulated min", u.scheduleIntervalAtEndMinutes);
  row("pulls due and not started at the end", (d.pulls as { dueAtEnd: number }).dueAtEnd);
  row(
    "backlog unsubscribes made before the window · applied in it",
    `${d.backlog.unsubscribes} · ${d.backlog.applied}`,
  );
  row("runs in the window by kind", JSON.stringify(d.runsByKind));
  row("contacts synced in the window (edits landed, unsubscribes applied)", d.syncedContacts);
  row(
    "database ms in the window: all · the benchmark's own statements · the platform's statements",
    `${d.dbMs} · ${d.benchmarkOwnDbMs} · ${d.platformStatementsMs}`,
  );
  row("the platform's database ms per run in the window", d.dbMsPerRun);
  row(
    "the platform's database ms (every statement, limiter included) per synced contact (day · full sync)",
    `${d.dbMsPerSyncedContact} · ${r.initialSync.dbMsPerContact} (with the edits themselves: ${d.dbMsPerSyncedContactWithEdits})`,
  );
  row("full sync of every business, real s", r.initialSync.realSeconds);
  row("peak RSS per worker, MB", r.peakRssMbPerWorker.join(" · "));
  console.log(
    "\nFrontier: unsubscribe staleness the budget allows (pull-schedule.ts, half the budget for pulls, measured calls per pull)\n" +
      "| businesses | key | pull every | staleness p50 | p95 |\n|---:|---|---:|---:|---:|",
  );
  for (const f of r.frontier)
    console.log(
      `| ${f.businesses.toLocaleString()} | ${f.key} | ${minutes(f.intervalMinutes)} | ${minutes(f.p50Minutes)} | ${minutes(f.p95Minutes)} |`,
    );
  if (d.statements.length > 0) {
    console.log(
      "\nThe window's heaviest statements (pg_stat_statements; ms include planning)\n| ms | calls | statement |\n|---:|---:|---|",
    );
    for (const st of d.statements.slice(0, 20))
      console.log(
        `| ${st.ms} | ${st.calls} | ${st.benchmark ? "(benchmark) " : ""}${st.query.replaceAll("|", "\\|")} |`,
      );
  }
  console.log("\nFigures written to .data/bench/platform.json");
}

function minutes(m: number): string {
  return m >= 120 ? `${round(m / 60, 1)} h` : `${Math.round(m)} min`;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
