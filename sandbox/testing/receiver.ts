// A small HTTP server that records what it receives and answers as the test says: the app's side of a webhook, for
// tests of a sandbox that calls out (Mailchimp's validation GET, its deliveries and their retries).
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The form fields of a form-encoded body. */
  form: Record<string, string>;
}

export interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  /** What to answer next: a status for every request, or a function of the request. */
  answer: (request: ReceivedRequest) => number;
  /** Resolves once `count` requests (of this method, if given) have arrived. */
  waitFor(count: number, method?: string, timeoutMs?: number): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

export async function startReceiver(answer: (request: ReceivedRequest) => number = () => 200): Promise<Receiver> {
  const receiver: Receiver = {
    url: "",
    requests: [],
    answer,
    async waitFor(count, method, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const matching = receiver.requests.filter((r) => !method || r.method === method);
        if (matching.length >= count) return matching;
        if (Date.now() > deadline)
          throw new Error(`expected ${count} ${method ?? ""} requests, got ${matching.length} within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const request: ReceivedRequest = {
        method: req.method ?? "GET",
        path: req.url ?? "/",
        headers: req.headers,
        body,
        form: Object.fromEntries(new URLSearchParams(body)),
      };
      receiver.requests.push(request);
      res.writeHead(receiver.answer(request), { "content-type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return receiver;
}
