// An embedded Postgres in its own process (the benchmark keeps the database's memory out of its own figures).
import { startEmbeddedPostgres } from "./lib/embedded-postgres";

const server = await startEmbeddedPostgres({
  dataDir: process.env.PGLITE_DATA_DIR || undefined,
  port: Number(process.env.PGLITE_PORT ?? 0),
});
console.log(`READY ${server.url}`);
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.on(signal, () => void server.stop().then(() => process.exit(0)));
