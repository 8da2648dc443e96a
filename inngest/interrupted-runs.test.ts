// Each place that closes dead runs (a RUNNING run whose lease expired: its process crashed) closes them on its own:
// the scheduler tick, the reconcile sweep, Sync now and the local runner's start. Each test leaves a dead run and a
// live one, calls only that place, and sees the dead one closed as interrupted and the live one left alone.
import { afterEach, expect, it } from "vitest";
import { db } from "@/lib/db";
import { installLocalDispatcher } from "@/lib/jobs/send-event";
import { requestManualSync } from "@/lib/sync/manual";
import { schedulePullsHandler } from "@/lib/sync/pull";
import { reconcileSweepHandler } from "@/lib/sync/reconcile";
import { INTERRUPTED_REASON } from "@/lib/sync/runs";
import { inlineStep } from "@/tests/support/inline-step";
import { withOwnDatabase } from "@/tests/support/own-database";
import { testBusiness } from "@/tests/support/test-business";
import { waitFor } from "@/tests/support/wait-for";
import { startLocalRunner, type LocalRunner } from "./local-runner";

// The tick and the runner's start close the dead runs of every business: a database of this file's own.
withOwnDatabase("interrupted");
const sent: unknown[] = [];
afterEach(() => {
  installLocalDispatcher(undefined);
  sent.length = 0;
});
const captureEvents = () => installLocalDispatcher(async (payload) => void sent.push(payload));

/** A connection with one run whose lease expired a minute ago (dead) and one whose lease runs (alive). */
async function deadAndLiveRuns(status: "ACTIVE" | "NEEDS_RECONNECT" = "ACTIVE") {
  const b = await testBusiness();
  const connection = await db.connection.create({
    data: { provider: "CONSTANT_CONTACT", businessId: b.business.id, status, listId: "list-1" },
  });
  const run = (leaseExpiresAt: Date) =>
    db.syncRun.create({
      data: {
        businessId: b.business.id,
        connectionId: connection.id,
        kind: "DELTA",
        trigger: "CLIENT_CHANGE",
        phase: "importing",
        leaseExpiresAt,
      },
    });
  const dead = await run(new Date(Date.now() - 60_000));
  const live = await run(new Date(Date.now() + 10 * 60_000));
  return { b, connectionId: connection.id, dead, live };
}

async function expectDeadClosedLiveLeft(runs: { dead: { id: string }; live: { id: string } }) {
  const dead = await db.syncRun.findUniqueOrThrow({ where: { id: runs.dead.id } });
  expect(dead).toMatchObject({ status: "INTERRUPTED", error: INTERRUPTED_REASON, phase: "done" });
  expect(dead.finishedAt).not.toBeNull();
  expect(await db.syncRun.findUniqueOrThrow({ where: { id: runs.live.id } })).toMatchObject({ status: "RUNNING" });
}

it("the scheduler tick closes a dead run", async () => {
  const runs = await deadAndLiveRuns();
  captureEvents();
  await schedulePullsHandler({ step: inlineStep });
  await expectDeadClosedLiveLeft(runs);
});

it("the reconcile sweep closes a dead run of the business it sweeps", async () => {
  // A connection that needs a reconnect: the sweep makes no call to Constant Contact for it.
  const runs = await deadAndLiveRuns("NEEDS_RECONNECT");
  captureEvents();
  await reconcileSweepHandler({ event: { data: { businessId: runs.b.business.id } }, step: inlineStep });
  await expectDeadClosedLiveLeft(runs);
});

it("Sync now closes the connection's dead run and is not refused for it", async () => {
  const runs = await deadAndLiveRuns();
  await db.syncRun.update({ where: { id: runs.live.id }, data: { kind: "UNSUBSCRIBE_PULL" } }); // a pull blocks nothing
  captureEvents();
  await expect(requestManualSync(runs.b.ownerCtx, "CONSTANT_CONTACT")).resolves.toBeUndefined();
  await expectDeadClosedLiveLeft(runs);
  expect(sent).toHaveLength(2); // the push and the pull were asked for
});

it("the local runner's start closes a dead run", async () => {
  const runs = await deadAndLiveRuns();
  let runner: LocalRunner | undefined;
  try {
    runner = startLocalRunner({ debounceMs: 0, schedules: false, log: () => {} });
    await waitFor(async () => {
      const dead = await db.syncRun.findUniqueOrThrow({ where: { id: runs.dead.id } });
      return dead.status === "INTERRUPTED" ? dead : null;
    }, 10_000);
    await expectDeadClosedLiveLeft(runs);
  } finally {
    runner?.stop();
    delete (globalThis as { __localRunner?: LocalRunner }).__localRunner;
  }
});
