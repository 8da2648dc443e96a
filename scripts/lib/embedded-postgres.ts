// The zero-setup database: PGlite (Postgres compiled to WebAssembly) served over the Postgres wire protocol,
// so the app, Prisma's pg adapter and the tests talk to it exactly as to a real server.
// `dataDir` undefined keeps it in memory (throwaway test databases).
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export type EmbeddedPostgres = { url: string; port: number; stop(): Promise<void> };

export async function startEmbeddedPostgres(
  options: { dataDir?: string; port?: number } = {},
): Promise<EmbeddedPostgres> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  // pg_trgm: trigram indexes make "search clients by name or email" fast at 100,000 clients (as on a real server).
  const pglite = await PGlite.create(options.dataDir ?? "memory://", { extensions: { pg_trgm } });
  // Several pool connections are multiplexed; PGlite serialises transactions across them (ENVIRONMENT.md).
  const server = new PGLiteSocketServer({ db: pglite, port: options.port ?? 0, host: "127.0.0.1", maxConnections: 20 });
  keepExtendedQueriesTogether(server);
  await server.start();
  const port = listeningPort(server, options.port ?? 0);
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
    port,
    async stop() {
      await server.stop();
      await pglite.close();
    },
  };
}

function listeningPort(server: PGLiteSocketServer, requested: number): number {
  // The server does not expose its address in its types; with port 0 the OS picked one.
  const address = (server as unknown as { server?: { address(): { port: number } | null } }).server?.address();
  return address?.port ?? requested;
}

type QueuedMessage = {
  handlerId: number;
  message: Uint8Array;
  resolve(n: number): void;
  reject(e: Error): void;
  onData(d: Uint8Array): void;
};
type QueryQueue = {
  queue: QueuedMessage[];
  processing: boolean;
  lastHandlerId: number | null;
  db: PGlite;
  processQueue(): Promise<void>;
  clearQueueForHandler(handlerId: number): void;
};

/**
 * pglite-socket 0.2.17 multiplexes connections one protocol *message* at a time, keeping a connection's turn only
 * inside a transaction. Outside one, the extended-query messages of two connections interleave (A: Parse, B: Parse,
 * A: Bind...), and PGlite's single session binds A's values to B's statement: wrong results, or "bind message
 * supplies 3 parameters, but prepared statement requires 2" (seen with Prisma under load, and reproduced by
 * scripts/lib/embedded-postgres.test.ts). This keeps a connection's turn from its first extended-query message
 * until its Sync, as Postgres itself would. It replaces the server's private queue loop: re-check it when
 * upgrading pglite-socket (the versions are pinned together in package.json).
 */
function keepExtendedQueriesTogether(server: PGLiteSocketServer): void {
  const queue = (server as unknown as { queryQueue?: QueryQueue }).queryQueue;
  if (!queue || typeof queue.processQueue !== "function")
    throw new Error("pglite-socket changed: re-check keepExtendedQueriesTogether.");
  const midSequence = new Set<number>();
  const clear = queue.clearQueueForHandler.bind(queue);
  queue.clearQueueForHandler = (handlerId) => {
    midSequence.delete(handlerId);
    clear(handlerId);
    // A connection that left mid-sequence was holding the turn: let the others go on.
    void queue.processQueue();
  };
  queue.processQueue = async function (this: QueryQueue) {
    if (this.processing || this.queue.length === 0) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const owner = this.lastHandlerId;
        let index = 0;
        if (owner !== null && (this.db.isInTransaction() || midSequence.has(owner))) {
          index = this.queue.findIndex((q) => q.handlerId === owner);
          if (index === -1) break; // the owner's next message re-starts the loop when it arrives
        }
        const query = this.queue.splice(index, 1)[0]!;
        const type = String.fromCharCode(query.message[0] ?? 0);
        if ("PBDECH".includes(type)) midSequence.add(query.handlerId);
        else if (type === "S" || type === "Q" || type === "X") midSequence.delete(query.handlerId);
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(query.message, {
              onRawData: (data: Uint8Array) => {
                bytes += data.length;
                query.onData(data);
              },
            }),
          );
        } catch (error) {
          query.reject(error as Error);
          continue;
        }
        this.lastHandlerId = query.handlerId;
        query.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  };
}
