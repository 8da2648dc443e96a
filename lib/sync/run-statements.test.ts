import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "../db";
import { createTestClient } from "../../prisma/seed/factories";
import { moveTo, spendPlannedBudget } from "@/tests/support/batching-day";
import { connectedBusiness } from "@/tests/support/connected-business";
import { inlineStep } from "@/tests/support/inline-step";
import { withOwnDatabase } from "@/tests/support/own-database";
import { runPush } from "@/tests/support/run-push";
import { statementsOf } from "@/tests/support/statements-of";
import { startSyncSandbox, type SyncSandbox } from "@/tests/support/sync-sandbox";
import { pullHandler } from "./pull";
import { pushHandler } from "./push";
import { planOfTheMinute } from "./push-pace";

// The database statements of the background runs the steady state is made of, counted (never timed), the way
// Django's assertNumQueries catches an N+1: the platform's database time is per run, not per contact (issue 23), and
// most runs are scheduled pulls that find nothing. Every statement the driver sends counts (BEGIN and COMMIT too),
// except the rate limiter's (rate-limiter-flexible's ApiRateLimit rows: their number depends on the second a call
// falls in, not on our code). The bounds are what the runs make today; one statement more fails here, with the
// statements printed.
// A batching day fills the platform's ledger, so this file has a database of its own. The sandbox first: its
// settings are in the environment before anything reads (and keeps) them.
let env: SyncSandbox;
beforeAll(async () => {
  env = await startSyncSandbox();
});
afterAll(() => env.sandbox.close());
withOwnDatabase("statements");
afterEach(() => {
  vi.restoreAllMocks();
});

type Business = Awaited<ReturnType<typeof connectedBusiness>>;

/** The connection pulled two days ago (due), its bounces just now (not due: their pull is another call). */
async function duePull(b: Business) {
  const pulledAt = new Date(Date.now() - 2 * 24 * 60 * 60_000);
  await db.connection.update({
    where: { id: b.connectionId },
    data: { lastUnsubscribePullAt: pulledAt, lastBouncePullAt: new Date() },
  });
  return { connectionId: b.connectionId, trigger: "SCHEDULE" as const, seenPullAt: pulledAt.toISOString() };
}

describe("the statements of a background run", { timeout: 60_000 }, () => {
  it("a scheduled pull that finds nothing", async () => {
    const b = await connectedBusiness(env);
    await pullHandler({ event: { data: { connectionId: b.connectionId, trigger: "MANUAL" } }, step: inlineStep });
    const event = await duePull(b);

    const statements = await statementsOf(() => pullHandler({ event: { data: event }, step: inlineStep }));
    // The connection's check (open-run), the run opened and started, the connection read with the pull's
    // watermarks and the session's token (one statement), the ledger's count of the one call (GET /contacts), the
    // connection's watermark and schedule (one UPDATE: nothing to apply), the sent runs to settle (none), and the
    // run finished with its counts. The ledger's count is a bookkeeping write, in a transaction of its own whose
    // commit does not wait for the disk (BEGIN, SET LOCAL, COMMIT: three statements cheaper than the flush they spare,
    // lib/db.ts withoutWaitingForDisk).
    expect(statements.length, statements.join("\n")).toBeLessThanOrEqual(11);
  });

  it("a change-driven push on a batching day, which only sends", async () => {
    const b = await connectedBusiness(env);
    const client = await createTestClient(db, b.business.id, { newsOptIn: true, city: "Before" });
    await runPush(b.business.id, "LIST_SAVED", inlineStep);
    // The day's planned budget spent: the plan batches changes.
    await spendPlannedBudget(b.business.id);
    await moveTo(b, client, "After");
    // The process's plan of the minute, made now: the push reuses it (its own statements are the plan's, once a
    // minute, not the run's).
    const plan = await planOfTheMinute("CONSTANT_CONTACT", new Date());
    expect(plan!.waitMinutes).toBeGreaterThan(plan!.debounceMinutes);

    const request = { connectionId: b.connectionId, businessId: b.business.id, trigger: "CLIENT_CHANGE" as const };
    const statements = await statementsOf(() => pushHandler({ event: { data: request }, step: inlineStep }));
    expect((await db.syncRun.findFirstOrThrow({ where: { businessId: b.business.id, kind: "DELTA" } })).status).toBe(
      "SENT",
    );
    // The run's start (connection, queue count, run opened, earlier sent runs); the send step (lease, segment fields
    // and what was sent of them, the queue's page, the considered count, the session's token read, the ledger's
    // count of the import, the clients in flight, then one UPDATE: the sent count and the step's calls, the run
    // ended as SENT). Three of them (the lease, the considered count, the ledger's count) are bookkeeping writes,
    // each with its transaction that does not wait for the disk: 3 × 3 statements more.
    expect(statements.length, statements.join("\n")).toBeLessThanOrEqual(22);
  });
});
