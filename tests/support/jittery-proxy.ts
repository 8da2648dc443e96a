// A link with ordinary latency jitter between the app and Constant Contact, for the pacing tests.
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A link with ordinary latency jitter between the app and Constant Contact: each request is held back 0 to
 * `maxDelayMs` ms before it is passed on. Counts the 429 answers that come back.
 */
export async function startJitteryProxy(target: string, maxDelayMs: number) {
  const proxy = { url: "", throttled: 0, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  const server = createServer((req, res) => {
    const body: Buffer[] = [];
    req.on("data", (chunk: Buffer) => body.push(chunk));
    req.on("end", () => {
      setTimeout(() => {
        const upstream = request(
          new URL(req.url ?? "/", target),
          { method: req.method, headers: { ...req.headers, host: new URL(target).host } },
          (answer) => {
            if (answer.statusCode === 429) proxy.throttled++;
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        upstream.on("error", () => res.destroy());
        upstream.end(Buffer.concat(body));
      }, Math.random() * maxDelayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
