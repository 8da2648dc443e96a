// The Mailchimp client's retries against the Mailchimp sandbox: a dropped connection and a timeout are retried, and
// the waits between attempts grow (recorded through the injected sleep, never slept).
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import {
  connectMailchimp,
  control,
  startTestMailchimpSandbox,
  type TestMailchimpSandbox,
} from "@/tests/support/mc-sandbox";
import { accountLimiter } from "./account-limiter";
import { createMcClient } from "./api-client";

let mc: TestMailchimpSandbox;
beforeAll(async () => {
  mc = await startTestMailchimpSandbox();
});
afterAll(() => mc.close());
beforeEach(() => control(mc.url, "/faults", undefined, "DELETE"));

it("retries a dropped connection and a timeout, each wait about twice the one before", async () => {
  const { token, metadata } = await connectMailchimp(mc.url);
  const base = 100;
  const calls: string[] = [];
  const waits: number[] = [];
  const client = createMcClient({
    accessToken: token,
    apiEndpoint: metadata.api_endpoint,
    apiEndpointPattern: /^http:\/\/127\.0\.0\.1:\d+$/,
    accountKey: randomUUID(),
    limiter: accountLimiter(),
    retryBaseMs: base,
    timeoutMs: 300,
    sleep: async (ms) => void waits.push(ms),
    onCall: (e) => calls.push(e),
  });
  const growing = () => {
    // Jittered exponential backoff: the n-th wait lies between half and all of base × 2^n.
    waits.forEach((wait, n) => {
      expect(wait).toBeGreaterThanOrEqual((base * 2 ** n) / 2);
      expect(wait).toBeLessThanOrEqual(base * 2 ** n);
    });
  };

  await control(mc.url, "/faults", { kind: "drop", count: 3, pathPrefix: "/3.0/lists" });
  expect((await client.listAudiences()).map((a) => a.name)).toContain("Newsletter");
  expect(calls).toHaveLength(4);
  expect(waits).toHaveLength(3);
  growing();

  calls.length = 0;
  waits.length = 0;
  await control(mc.url, "/faults", { kind: "delay", delayMs: 5_000, count: 2, pathPrefix: "/3.0/lists" });
  expect((await client.listAudiences()).map((a) => a.name)).toContain("Newsletter");
  expect(calls).toHaveLength(3);
  expect(waits).toHaveLength(2);
  growing();
});
