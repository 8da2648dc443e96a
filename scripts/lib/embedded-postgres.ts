import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

/**
 * The zero-setup database: PGlite (Postgres compiled to WebAssembly) served over the Postgres wire protocol,
 * so the app, Prisma's pg adapter and the tests talk to it exactly as to a real server.
 * `dataDir` undefined keeps it in memory (throwaway test databases).
 */
export type EmbeddedPostgres = { url: string; port: number; stop(): Promise<void> };

export async function startEmbeddedPostgres(options: { dataDir?: string; port?: number } = {}): Promise<EmbeddedPostgres> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  // pg_trgm: trigram indexes make "search clients by name or email" fast at 100,000 clients (as on a real server).
  const pglite = await PGlite.create(options.dataDir ?? "memory://", { extensions: { pg_trgm } });
  // Several pool connections are multiplexed; PGlite serialises transactions across them (ENVIRONMENT.md).
  const server = new PGLiteSocketServer({ db: pglite, port: options.port ?? 0, host: "127.0.0.1", maxConnections: 20 });
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
