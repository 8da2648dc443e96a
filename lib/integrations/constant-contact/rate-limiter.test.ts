import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "@/lib/db";
import { connect, control, startCcSandbox, type TestSandbox } from "@/tests/support/cc-sandbox";
import { startJitteryProxy } from "@/tests/support/jittery-proxy";
import { createCcClient } from "./api-client";
import { PlatformLimiter } from "./platform-limiter";
import { RequestPacer } from "@/tests/support/request-pacer";
import type { CallGate } from "./platform-limiter";
import { postgresLimiters } from "../rate-limit-store";

const RATE = 4; // Constant Contact's standard key
const CALLS = 40;

let sandbox: TestSandbox;
beforeAll(async () => {
  // A real clock: the sandbox's per-second window must see the requests' real arrival times.
  ({ sandbox } = await startCcSandbox({ clock: Date.now, requestsPerSecond: RATE }));
});
afterAll(() => sandbox.close());

async function burstThroughJitter(pacer: CallGate) {
  const proxy = await startJitteryProxy(sandbox.url, 120);
  try {
    const { access_token } = await connect(sandbox.url);
    const client = createCcClient({
      tokens: { getAccessToken: async () => access_token, refreshAfterRejection: async () => access_token },
      apiBaseUrl: `${proxy.url}/v3`,
      pacer,
      purpose: { kind: "PUSH", businessId: randomUUID() },
      // Retries are not the point: a throttled call is counted, then retried quickly so the test ends either way.
      retryBaseMs: 5,
      maxRetries: 20,
    });
    await control(sandbox.url, "/calls/reset", {});
    await Promise.all(
      Array.from({ length: CALLS }, (_, i) => (i % 2 ? client.getAccountSummary() : client.listContacts({ limit: 5 }))),
    );
    expect(proxy.throttled).toBe(0);
    expect((await control(sandbox.url, "/calls")).total).toBe(CALLS);
  } finally {
    await proxy.close();
  }
}

it(
  "keeps a burst of calls through a jittery link under Constant Contact's per-second limit (no 429 at all)",
  () => burstThroughJitter(new RequestPacer(RATE)),
  25_000,
);

it(
  "keeps the same margin when the slots come from the platform limiter shared through the database",
  () =>
    burstThroughJitter(
      new PlatformLimiter({
        requestsPerSecond: RATE,
        dailyBudget: 10_000,
        keyId: `jitter-${randomUUID()}`,
        limiters: postgresLimiters(db),
        database: db,
      }),
    ),
  25_000,
);
