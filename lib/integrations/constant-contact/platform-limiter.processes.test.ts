import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { connect, control, startCcSandbox, type TestSandbox } from "@/tests/support/cc-sandbox";

// Three processes sharing one API key through the limiter's store (the database, or Redis with REDIS_URL), each calling Constant Contact as fast as it can: the
// sandbox (with CC's real per-second window and a real clock) must never see more than the rate in any second,
// nor answer a single 429, and the ledger must count exactly the calls the sandbox received.
const RATE = 4;
const PROCESSES = 3;
const CALLS_EACH = 12;

let sandbox: TestSandbox;
let apiBaseUrl: string;
beforeAll(async () => {
  let config;
  ({ sandbox, config } = await startCcSandbox({ clock: Date.now, requestsPerSecond: RATE }));
  apiBaseUrl = config.apiBaseUrl;
});
afterAll(() => sandbox.close());

const run = promisify(execFile);
const child = fileURLToPath(new URL("../../../tests/support/limiter-child.ts", import.meta.url));
const allowServerOnly = fileURLToPath(new URL("../../../scripts/lib/allow-server-only.mjs", import.meta.url));

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const STORES = [
  { store: "Postgres", env: { REDIS_URL: "" } },
  { store: "Redis", env: { REDIS_URL } },
];

describe.each(STORES)("with the counters in $store", ({ store, env: storeEnv }) => {
  it("keeps three processes together under the key's rate with no 429, and the ledger counts what the sandbox saw", async () => {
    const { access_token } = await connect(sandbox.url);
    const clientId = `limiter-test-${randomUUID()}`;
    const businesses = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await control(sandbox.url, "/calls/reset", {});
    const env = {
      ...process.env,
      // A key of this test's own: the limiter's counters are per API key, and other test files share the database.
      CC_CLIENT_ID: clientId,
      ...storeEnv,
      CC_API_BASE_URL: apiBaseUrl,
      CC_REQUESTS_PER_SECOND: String(RATE),
      LIMITER_ACCESS_TOKEN: access_token,
      LIMITER_CALLS: String(CALLS_EACH),
      LIMITER_BUSINESSES: businesses.join(","),
    };
    const outputs = await Promise.all(
      Array.from({ length: PROCESSES }, () =>
        run(process.execPath, ["--import", "tsx", "--import", allowServerOnly, child], { env, timeout: 60_000 }),
      ),
    );
    for (const { stdout } of outputs)
      expect(JSON.parse(stdout.trim().split("\n").at(-1)!)).toEqual({ ok: CALLS_EACH, failed: [] });

    const seen = await control(sandbox.url, "/rate-limits");
    expect(seen.throttled).toBe(0);
    expect(seen.quotaExceeded).toBe(0);
    expect(seen.peakPerSecond).toBeGreaterThan(1);
    expect(seen.peakPerSecond).toBeLessThanOrEqual(RATE);
    const sandboxCalls = (await control(sandbox.url, "/calls")).total;
    expect(sandboxCalls).toBe(PROCESSES * CALLS_EACH);
    const ledger = await db.apiCallLedger.aggregate({
      where: { businessId: { in: businesses } },
      _sum: { calls: true },
    });
    expect(ledger._sum.calls).toBe(sandboxCalls);

    // The counters are where the setting says, and only there.
    const redis = new Redis(REDIS_URL);
    const redisKeys = await redis.keys(`cc:${clientId}:*`);
    redis.disconnect();
    const tableRows = await db.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM "ApiRateLimit" WHERE key LIKE ${`cc:${clientId}:%`}`;
    if (store === "Redis") {
      expect(redisKeys.length).toBeGreaterThan(0);
      expect(Number(tableRows[0]!.n)).toBe(0);
    } else {
      expect(redisKeys).toEqual([]);
      expect(Number(tableRows[0]!.n)).toBeGreaterThan(0);
    }
  }, 90_000);
});
