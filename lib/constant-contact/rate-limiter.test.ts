import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { connect, control, startCcSandbox, type TestSandbox } from "@/tests/support/cc-sandbox";
import { createCcClient } from "./api-client";
import { RequestPacer } from "./rate-limiter";

/**
 * A link with ordinary latency jitter between the app and Constant Contact: each request is held back 0 to
 * `maxDelayMs` ms before it is passed on. Counts the 429 answers that come back.
 */
async function startJitteryProxy(target: string, maxDelayMs: number) {
  const proxy = { url: "", throttled: 0, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  const server = createServer((req, res) => {
    const body: Buffer[] = [];
    req.on("data", (chunk: Buffer) => body.push(chunk));
    req.on("end", () => {
      setTimeout(() => {
        const upstream = request(new URL(req.url ?? "/", target), { method: req.method, headers: { ...req.headers, host: new URL(target).host } }, (answer) => {
          if (answer.statusCode === 429) proxy.throttled++;
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        upstream.on("error", () => res.destroy());
        upstream.end(Buffer.concat(body));
      }, Math.random() * maxDelayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}

const RATE = 4; // Constant Contact's standard key
const CALLS = 40;

let sandbox: TestSandbox;
beforeAll(async () => {
  // A real clock: the sandbox's per-second window must see the requests' real arrival times.
  ({ sandbox } = await startCcSandbox({ clock: Date.now, requestsPerSecond: RATE }));
});
afterAll(() => sandbox.close());

it("keeps a burst of calls through a jittery link under Constant Contact's per-second limit (no 429 at all)", async () => {
  const proxy = await startJitteryProxy(sandbox.url, 120);
  try {
    const { access_token } = await connect(sandbox.url);
    const client = createCcClient({
      tokens: { getAccessToken: async () => access_token, refreshAfterRejection: async () => access_token },
      apiBaseUrl: `${proxy.url}/v3`,
      pacer: new RequestPacer(RATE),
      // Retries are not the point: a throttled call is counted, then retried quickly so the test ends either way.
      retryBaseMs: 5,
      maxRetries: 20,
    });
    await control(sandbox.url, "/calls/reset", {});
    await Promise.all(Array.from({ length: CALLS }, (_, i) => (i % 2 ? client.getAccountSummary() : client.listContacts({ limit: 5 }))));
    expect(proxy.throttled).toBe(0);
    expect((await control(sandbox.url, "/calls")).total).toBe(CALLS);
  } finally {
    await proxy.close();
  }
}, 25_000);
