import { afterAll, beforeAll, expect, it } from "vitest";
import { DEFAULT_CLIENT } from "./options";
import { api, connect, control, readJson, startTestSandbox, type Tokens } from "./testing/helpers";

let sb: Awaited<ReturnType<typeof startTestSandbox>>;
beforeAll(async () => {
  sb = await startTestSandbox({
    requestsPerSecond: 4,
    dailyQuota: 10_000,
    clients: [
      DEFAULT_CLIENT,
      { ...DEFAULT_CLIENT, clientId: "other-app", clientSecret: "other-secret", appName: "Other" },
    ],
  });
});
afterAll(() => sb.close());

it("answers 429 throttled past 4 requests per second per API key, across accounts, without Retry-After", async () => {
  const sunrise = (await connect(sb.url)).access_token;
  const maple = (await connect(sb.url, { email: "maple@cc.test" })).access_token;
  sb.clock.advance(1000);
  const statuses = [];
  for (const token of [sunrise, maple, sunrise, maple, sunrise])
    statuses.push((await api(sb.url, token, "/v3/contact_lists")).status);
  expect(statuses).toEqual([200, 200, 200, 200, 429]);
  const throttled = await api(sb.url, maple, "/v3/contacts");
  expect(throttled.status).toBe(429);
  expect(await throttled.json()).toEqual([{ error_key: "throttled", error_message: expect.any(String) }]);
  expect(throttled.headers.get("retry-after")).toBeNull();
  expect([...throttled.headers.keys()].filter((h) => h.includes("ratelimit") || h.includes("rate-limit"))).toEqual([]);
  // Control calls are not counted nor limited.
  expect((await fetch(`${sb.url}/__control/calls`)).status).toBe(200);
  sb.clock.advance(1000);
  expect((await api(sb.url, sunrise, "/v3/contact_lists")).status).toBe(200);
});

it("limits each API key separately", async () => {
  sb.clock.advance(1000);
  const mine = (await connect(sb.url)).access_token;
  for (let i = 0; i < 4; i++) await api(sb.url, mine, "/v3/contact_lists");
  expect((await api(sb.url, mine, "/v3/contact_lists")).status).toBe(429);
  // A token of another app (client id) has its own budget. It is issued by the same flow with that client.
  const { authorizeRedirect, exchangeCode, basicAuth } = await import("./testing/helpers");
  const redirect = await authorizeRedirect(sb.url, { clientId: "other-app" });
  const tokens = await readJson<Tokens>(
    await exchangeCode(sb.url, redirect.searchParams.get("code")!, {}, basicAuth("other-app", "other-secret")),
  );
  expect((await api(sb.url, tokens.access_token, "/v3/contact_lists")).status).toBe(200);
});

it("answers 429 quota_exceeded past the daily quota until 00:00 UTC", async () => {
  sb.clock.advance(24 * 3600 * 1000); // a fresh day
  await control(sb.url, "/config", { dailyQuota: 6, requestsPerSecond: 100 });
  const token = (await connect(sb.url)).access_token;
  const statuses = [];
  for (let i = 0; i < 8; i++) statuses.push((await api(sb.url, token, "/v3/contact_lists")).status);
  expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
  const refused = await api(sb.url, token, "/v3/contact_lists");
  expect(await refused.json()).toEqual([{ error_key: "quota_exceeded", error_message: expect.any(String) }]);
  expect(refused.headers.get("retry-after")).toBeNull();
  const now = new Date(sb.clock.now());
  const nextMidnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  sb.clock.advance(nextMidnight - sb.clock.now() - 1);
  expect((await api(sb.url, token, "/v3/contact_lists")).status).toBe(429);
  sb.clock.advance(1);
  expect((await api(sb.url, token, "/v3/contact_lists")).status).toBe(200);
});

it("reports the busiest second it saw and the 429s it answered, refused requests included", async () => {
  const own = await startTestSandbox({ requestsPerSecond: 4, dailyQuota: 10_000 });
  const sb = own;
  const token = (await connect(sb.url)).access_token;
  sb.clock.advance(1000);
  await control(sb.url, "/calls/reset", {});
  for (let i = 0; i < 6; i++) await api(sb.url, token, "/v3/contact_lists");
  expect(await control(sb.url, "/rate-limits")).toMatchObject({ peakPerSecond: 6, throttled: 2, quotaExceeded: 0 });
  sb.clock.advance(1000);
  await api(sb.url, token, "/v3/contact_lists");
  expect(await control(sb.url, "/rate-limits")).toMatchObject({ peakPerSecond: 6, throttled: 2 });
  await control(sb.url, "/calls/reset", {});
  expect(await control(sb.url, "/rate-limits")).toMatchObject({ peakPerSecond: 0, throttled: 0, quotaExceeded: 0 });
  await own.close();
});
