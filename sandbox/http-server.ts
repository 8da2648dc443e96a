// Serving one sandbox: listen on a port (0 = a free one), answer every request through the provider's handler, and
// close cleanly (open keep-alive connections included) so tests and `npm run dev` stop at once.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface ListeningServer {
  server: Server;
  url: string;
  port: number;
  /** Stops accepting, drops open connections, then runs `onClose` (e.g. the last state save). Idempotent. */
  close(): Promise<void>;
}

export async function listen(options: {
  port: number;
  host: string;
  /** Names the sandbox in log lines. */
  name: string;
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Answers a request whose handler threw past its own error handling (a bug): body in the provider's shape. */
  fallback(res: ServerResponse): void;
  /** After each request, whatever its outcome (e.g. schedule a state save). */
  after?(): void;
  onClose?(): Promise<void>;
}): Promise<ListeningServer> {
  const server = createServer((req, res) => {
    options
      .handle(req, res)
      .catch((error: unknown) => {
        console.error(`[${options.name}] request failed:`, error);
        if (!res.headersSent) options.fallback(res);
      })
      .finally(() => options.after?.());
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await options.onClose?.();
    })();
    return closing;
  };
  return { server, url: `http://${options.host}:${port}`, port, close };
}
