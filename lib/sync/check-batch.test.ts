import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { runPush } from "@/tests/support/run-push";
import { createTestClient } from "../../prisma/seed/factories";
import { control } from "@/tests/support/cc-sandbox";
import { connectedBusiness } from "@/tests/support/connected-business";
import { startSyncSandbox, type SyncSandbox } from "@/tests/support/sync-sandbox";
import { batchPollDelayMs } from "./push-batch";

let env: SyncSandbox;
beforeAll(async () => {
  env = await startSyncSandbox();
});
afterAll(() => env.sandbox.close());

describe("waiting for a batch", () => {
  it("pauses 1 s, 2 s, 4 s … up to 30 s between looks", () => {
    expect(Array.from({ length: 8 }, (_, i) => batchPollDelayMs(i))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000,
    ]);
  });

  it("the push run looks again with growing pauses until Constant Contact has finished", async () => {
    const b = await connectedBusiness(env);
    await createTestClient(db, b.business.id, { newsOptIn: true });
    await control(env.sandbox.url, "/config", { importDelayMs: 600 });
    const asked: number[] = [];
    // Each pause is recorded as asked for, and shortened to 60 ms so the test stays quick.
    const step = {
      run: <T>(_id: string, fn: () => Promise<T>) => fn(),
      sleep: async (_id: string, ms: number) => void (asked.push(ms), await new Promise((r) => setTimeout(r, 60))),
    };
    try {
      expect(await runPush(b.business.id, "LIST_SAVED", step)).toHaveProperty("runId");
    } finally {
      await control(env.sandbox.url, "/config", { importDelayMs: 40 });
    }
    expect(asked.length).toBeGreaterThanOrEqual(3);
    // The first look comes 2 s after Constant Contact accepted the import: its bookkeeping since counts toward it.
    expect(asked[0]).toBeGreaterThan(0);
    expect(asked[0]).toBeLessThan(batchPollDelayMs(1));
    expect(asked.slice(1)).toEqual(asked.slice(1).map((_, i) => batchPollDelayMs(i + 1)));
    expect(await db.syncRun.findFirstOrThrow({ where: { businessId: b.business.id } })).toMatchObject({
      status: "SUCCEEDED",
      sent: 1,
    });
  });
});
