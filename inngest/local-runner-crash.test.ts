import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "@/lib/db";
import { requestManualSync } from "@/lib/sync/manual";
import { INTERRUPTED_REASON, RUN_LEASE_MS } from "@/lib/sync/runs";
import { syncStatus } from "@/lib/sync/status/sync-status";
import { installLocalDispatcher } from "@/lib/jobs/send-event";
import { createTestClient } from "@/prisma/seed/factories";
import { control } from "@/tests/support/cc-sandbox";
import { connectedBusiness } from "@/tests/support/connected-business";
import { useOwnDatabase } from "@/tests/support/own-database";
import { spawnRunner, type RunnerProcess } from "@/tests/support/spawn-runner";
import { ccContacts, importActivities, startSyncSandbox, type SyncSandbox } from "@/tests/support/sync-sandbox";
import { createLocalRunner } from "./local-runner";
import { waitFor } from "@/tests/support/wait-for";
import { pendingCount } from "@/tests/support/client-fixtures";

// Start-up recovery closes every dead run of the database: this file has a database of its own.
let database: Awaited<ReturnType<typeof useOwnDatabase>>;
let env: SyncSandbox;
let child: RunnerProcess | undefined;
beforeAll(async () => {
  env = await startSyncSandbox(); // first: it sets the Constant Contact env the app reads once
  database = await useOwnDatabase("crash");
});
afterAll(async () => {
  await child?.kill("SIGKILL");
  installLocalDispatcher(undefined);
  await env.sandbox.close();
  await database.drop();
});

it("a run whose process was killed is closed as interrupted; its clients stay pending, Sync now works, and the next run sends them", async () => {
  const b = await connectedBusiness(env);
  const clients = await Promise.all([1, 2, 3].map(() => createTestClient(db, b.business.id, { newsOptIn: true })));
  // Constant Contact takes 45 s over the import: the process is killed while the run waits for it.
  await control(env.sandbox.url, "/config", { importDelayMs: 45_000 });
  child = await spawnRunner({ DATABASE_URL: database.url, RUNNER_LOCK_TTL_MS: "1500" });
  child.send(`sync ${b.connectionId}`);
  const run = await waitFor(() =>
    db.syncRun.findFirst({ where: { businessId: b.business.id, status: "RUNNING", phase: "importing" } }),
  );
  expect(importActivities(env, b.accountEmail)).toHaveLength(1); // the import was accepted
  await child.kill("SIGKILL");

  // While its lease runs, a run counts as alive (its executor may be between steps): nothing is closed yet.
  const runner = createLocalRunner({ debounceMs: 0, retryBaseMs: 50, lockPollMs: 100, log: () => {} });
  expect(await runner.recoverInterruptedRuns()).toBe(0);
  expect(await db.syncRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ status: "RUNNING" });

  // Once it has expired (nobody renews it any more), the status no longer shows it in progress, even before it
  // is closed; start-up recovery then closes it with the reason.
  const later = new Date(Date.now() + RUN_LEASE_MS + 60_000);
  expect((await syncStatus(b.ownerCtx, "CONSTANT_CONTACT")).running).toMatchObject({ runId: run.id });
  expect((await syncStatus(b.ownerCtx, "CONSTANT_CONTACT", later)).running).toBeNull();
  expect(await runner.recoverInterruptedRuns(later)).toBe(1);
  const interrupted = await db.syncRun.findUniqueOrThrow({ where: { id: run.id } });
  expect(interrupted).toMatchObject({ status: "INTERRUPTED", error: INTERRUPTED_REASON });
  expect(interrupted.finishedAt).not.toBeNull();
  expect(await pendingCount(b.business.id)).toBe(3);

  // Sync now is not refused, and the next run (this process's runner) sends the clients.
  await control(env.sandbox.url, "/config", { importDelayMs: 40 });
  installLocalDispatcher(runner.dispatch);
  await expect(requestManualSync(b.ownerCtx, "CONSTANT_CONTACT")).resolves.toBeUndefined();
  await runner.idle();
  const inList = (await ccContacts(env, b.accountEmail, "&list=Newsletter")).map((c) => c.email).sort();
  expect(inList).toEqual(clients.map((c) => c.emailNormalized).sort());
  expect(await pendingCount(b.business.id)).toBe(0);
  const runs = await db.syncRun.findMany({
    where: { businessId: b.business.id, kind: { not: "UNSUBSCRIBE_PULL" } },
    orderBy: { startedAt: "asc" },
  });
  expect(runs.map((r) => r.status)).toEqual(["INTERRUPTED", "SUCCEEDED"]);
  runner.stop();
}, 60_000);
