// Mailchimp's 10 simultaneous connections are per account, whoever opens them: two businesses that connected the same
// account share the platform's slots (real limiter on the real database, real calls to the sandbox, which counts what
// is in flight per account as Mailchimp does); and two limiters on one database, standing for two app processes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { jobsEnv } from "@/lib/env";
import { connectedMailchimpBusiness, startMailchimpEnv, type MailchimpEnv } from "@/tests/support/connected-mailchimp";
import { control } from "@/tests/support/mc-sandbox";
import { postgresLimiters } from "../rate-limit-store";
import { AccountLimiter, mcAccountKey } from "./account-limiter";
import { mcClientForConnection } from "./client-for-connection";

let env: MailchimpEnv;
beforeAll(async () => {
  env = await startMailchimpEnv();
});
afterAll(() => env.close());

type ConnectionsJson = { peak: Record<string, number>; refused: number; inFlight: Record<string, number> };

describe("the Mailchimp account limiter", () => {
  it("keys by the Mailchimp account, so two businesses on one account never exceed the platform's share", async () => {
    const first = await connectedMailchimpBusiness(env);
    const second = await connectedMailchimpBusiness(env, [], first);
    const keys = await Promise.all(
      [first, second].map(async (b) =>
        mcAccountKey(
          await db.connection.findUniqueOrThrow({
            where: { id: b.connectionId },
            select: { id: true, accountId: true },
          }),
        ),
      ),
    );
    expect(keys[0]).toMatch(/^account:/);
    expect(keys[1]).toBe(keys[0]);

    const share = jobsEnv().MC_CONCURRENT_CALLS;
    await control(env.sandbox.url, "/calls/reset", {});
    // Every call is held a moment at Mailchimp, so the calls of both businesses overlap.
    await control(env.sandbox.url, "/faults", { kind: "delay", delayMs: 150, count: 1_000, pathPrefix: "/3.0/ping" });
    const clients = await Promise.all(
      [first, second].map((b) => mcClientForConnection(b.connectionId, { maxRetries: 0 })),
    );
    const answers = await Promise.allSettled(clients.flatMap((c) => Array.from({ length: share + 4 }, () => c.ping())));
    expect(answers.filter((a) => a.status === "rejected")).toEqual([]);

    const stats = await control<ConnectionsJson>(env.sandbox.url, "/connections");
    expect(stats.refused).toBe(0);
    // Both businesses' calls overlapped, and never more than the platform's share of the account at once.
    expect(stats.peak[first.accountEmail]).toBeGreaterThan(1);
    expect(stats.peak[first.accountEmail]).toBeLessThanOrEqual(share);
  });

  it("a connection whose account is not known yet has slots of its own", () => {
    expect(mcAccountKey({ id: "c1", accountId: null })).toBe("connection:c1");
    expect(mcAccountKey({ id: "c1", accountId: "42" })).toBe(mcAccountKey({ id: "c2", accountId: "42" }));
  });

  it("never lets more calls of an account be in flight than its slots, across processes and however long calls run", async () => {
    const account = `test-${randomUUID()}`;
    // A 1 s slot window and calls of 0.3 s for 1.8 s in all: a window that ran from the first call would end (and
    // start counting again from zero) while calls are in flight.
    const processes = [1, 2].map(
      () => new AccountLimiter({ concurrentCalls: 2, limiters: postgresLimiters(db), database: db, slotWindowS: 1 }),
    );
    let inFlight = 0;
    let most = 0;
    const call = () =>
      new Promise<void>((resolve) => {
        inFlight++;
        most = Math.max(most, inFlight);
        setTimeout(() => {
          inFlight--;
          resolve();
        }, 300);
      });
    const started = Date.now();
    await Promise.all(
      processes.flatMap((limiter) => Array.from({ length: 6 }, () => limiter.withSlot(account, undefined, call))),
    );
    expect(most).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_800);

    // Every slot was given back: both can be taken again at once.
    let together = 0;
    await Promise.all(
      processes.map((limiter) =>
        limiter.withSlot(account, undefined, async () => {
          together++;
          await new Promise((resolve) => setTimeout(resolve, 100));
          expect(together).toBe(2);
        }),
      ),
    );
  });
});
