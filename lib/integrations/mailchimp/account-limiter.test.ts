import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { db } from "@/lib/db";
import { postgresLimiters } from "../rate-limit-store";
import { AccountLimiter } from "./account-limiter";

// The account limiter on the real database, without HTTP: what every Mailchimp call waits on. Two limiters on one
// database stand for two app processes calling the same account.
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
