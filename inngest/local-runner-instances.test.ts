import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createTestClient } from "@/prisma/seed/factories";
import { control } from "@/tests/support/cc-sandbox";
import { connectedBusiness } from "@/tests/support/connected-business";
import { useOwnDatabase } from "@/tests/support/own-database";
import { spawnRunner, type RunnerProcess } from "@/tests/support/spawn-runner";
import { ccContacts, importActivities, startSyncSandbox, type SyncSandbox } from "@/tests/support/sync-sandbox";
import { waitFor } from "@/tests/support/wait-for";

// Two app processes in local mode on one database, as two `next start` instances would be. The scheduler picks
// every due connection of the database: this file has a database of its own.
let database: Awaited<ReturnType<typeof useOwnDatabase>>;
let env: SyncSandbox;
let processes: RunnerProcess[] = [];
beforeAll(async () => {
  env = await startSyncSandbox(); // first: it sets the Constant Contact env the app reads once
  database = await useOwnDatabase("instances");
});
afterAll(async () => {
  await Promise.all(processes.map((p) => p.kill()));
  await env.sandbox.close();
  await database.drop();
});

const twoInstances = async () =>
  (processes = await Promise.all([
    spawnRunner({ DATABASE_URL: database.url }),
    spawnRunner({ DATABASE_URL: database.url }),
  ]));

it("runs a business's sync in one process at a time, and the other process's request runs after, not lost", async () => {
  const b = await connectedBusiness(env);
  const first = await Promise.all([1, 2, 3].map(() => createTestClient(db, b.business.id, { newsOptIn: true })));
  await control(env.sandbox.url, "/config", { importDelayMs: 1_500 });
  const [one, two] = await twoInstances();
  one!.send(`sync ${b.connectionId}`);
  two!.send(`sync ${b.connectionId}`);
  // While the first run waits for its import, a client changes: only the other process's queued request sends it.
  await waitFor(() =>
    db.syncRun.findFirst({ where: { businessId: b.business.id, status: "RUNNING", phase: "importing" } }),
  );
  const late = await createTestClient(db, b.business.id, { newsOptIn: true });
  await Promise.all([one!.idle(), two!.idle()]);

  const runs = await db.syncRun.findMany({
    where: { businessId: b.business.id, kind: { not: "UNSUBSCRIBE_PULL" } },
    orderBy: { startedAt: "asc" },
  });
  expect(runs.map((r) => r.status)).toEqual(["SUCCEEDED", "SUCCEEDED"]);
  expect(runs[1]!.startedAt.getTime()).toBeGreaterThanOrEqual(runs[0]!.finishedAt!.getTime()); // never two at once
  const imports = importActivities(env, b.accountEmail);
  expect(imports).toHaveLength(2);
  expect(imports[1]!.createdAt).toBeGreaterThanOrEqual(imports[0]!.completesAt);
  const inList = (await ccContacts(env, b.accountEmail, "&list=Newsletter")).map((c) => c.email).sort();
  expect(inList).toEqual([...first, late].map((c) => c.emailNormalized).sort());
  await Promise.all(processes.map((p) => p.kill()));
}, 60_000);

it("starts each due unsubscribe pull once when both processes' schedulers tick at the same moments", async () => {
  for (let i = 0; i < 3; i++) await connectedBusiness(env);
  const connections = await db.connection.findMany({
    where: { status: "ACTIVE" },
    select: { id: true },
  });
  await db.connection.updateMany({ data: { lastUnsubscribePullAt: null } });
  await control(env.sandbox.url, "/calls/reset", {});
  const [one, two] = await twoInstances();
  one!.send("ticks 200");
  two!.send("ticks 200");
  // Every connection gets pulled (a few per tick); then both keep ticking a while longer.
  await waitFor(async () =>
    (await db.connection.count({ where: { lastUnsubscribePullAt: null } })) === 0 ? true : null,
  );
  await new Promise((r) => setTimeout(r, 1_500));
  await Promise.all(processes.map((p) => p.kill()));

  const pulls = await db.syncRun.groupBy({
    by: ["connectionId"],
    where: { kind: "UNSUBSCRIBE_PULL" },
    _count: { _all: true },
  });
  expect(pulls.map((p) => p._count._all)).toEqual(connections.map(() => 1));
  expect(pulls.map((p) => p.connectionId).sort()).toEqual(connections.map((c) => c.id).sort());
  const calls = (await control(env.sandbox.url, "/calls")).calls as Record<string, number>;
  expect(calls["GET /v3/contacts"]).toBe(connections.length);
}, 60_000);
