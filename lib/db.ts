// A Client Component that imports this file (or lib/crypto.ts, or the Constant Contact modules holding secrets or
// speaking HTTP) fails `next build`: Next resolves `server-only` to an empty module in server bundles and to a
// throwing one in browser bundles. Outside Next the package always throws, so the processes that legitimately load
// these modules without Next (tsx scripts, Playwright, Vitest) map it to the empty module: Node through the resolve
// hook in scripts/lib/allow-server-only.mjs (`--import`), Vitest through an alias in vitest.config.ts. Not
// `--conditions=react-server`, which would also switch React and other packages to their server builds.
import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { clearLogs } from "@prisma/debug";
import { Pool, type QueryResultRow } from "pg";
import { PrismaClient, type Prisma } from "./generated/prisma/client";
import { env } from "./env";

/**
 * Secrets are left out of every read unless a query asks for them by name (`omit: { accessTokenEnc: false }`),
 * so a page or a log line cannot show what it never loaded.
 */
const OMIT_SECRETS = {
  user: { passwordHash: true },
  client: { portalPasswordHash: true },
  connection: { accessTokenEnc: true, refreshTokenEnc: true },
  oAuthState: { codeVerifierEnc: true },
} as const;

function createClient(pool: Pool, named: NamedStatements) {
  return new PrismaClient({
    adapter: new PrismaPg(pool, { statementNameGenerator: (query) => named.nameOf(query.sql) }),
    omit: OMIT_SECRETS,
  });
}

/** Distinct statements a process names; the rest (and statements longer than the cap) are parsed every time. */
const MAX_NAMED_STATEMENTS = 2_000;
const MAX_NAMED_SQL_LENGTH = 20_000;

/**
 * Prisma's statements by name, so Postgres parses each one once per connection and not at every execution (half of
 * the database time of the sync's small runs went to parsing and planning: docs/benchmarks.md). pg keeps the names
 * per connection. Postgres plans a named statement for its values five times, then keeps one plan for all values
 * when that plan is estimated no worse (plan_cache_mode `auto`, its default): the sync's statements look rows up by
 * key, where one plan serves every business, and planning each execution was a third of the steady state's database
 * time. A statement whose best plan depends on how many rows its values select (a search among a business's
 * clients, a statement over a whole business or batch) runs in a transaction that asks for plans per execution
 * (`planEachExecution`). Only on Postgres: the embedded database (PGlite) serves every connection from one session,
 * where two connections would prepare the same name. Until the server is known, statements go unnamed.
 */
type NamedStatements = { nameOf(sql: string): string; onPostgres(): boolean };

function namedStatements(pool: Pool): NamedStatements {
  let postgres = false;
  pool
    .query<{ version: string }>("SELECT version()")
    .then(({ rows }) => (postgres = !/PGlite/i.test(rows[0]?.version ?? "PGlite")))
    .catch(() => {});
  const names = new Map<string, string>();
  return {
    onPostgres: () => postgres,
    nameOf(sql) {
      if (!postgres) return "";
      const known = names.get(sql);
      if (known !== undefined || names.size >= MAX_NAMED_STATEMENTS || sql.length > MAX_NAMED_SQL_LENGTH)
        return known ?? "";
      const name = `prisma_${names.size + 1}`;
      names.set(sql, name);
      return name;
    },
  };
}

export type Db = ReturnType<typeof createClient>;
/** A transaction client as given to `db.$transaction(async (tx) => ...)`; `db` itself also fits. */
export type Tx = Omit<Db, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

/**
 * The one Prisma client of the process. Held on globalThis because Next's dev server and its separate module
 * graphs (route handlers, instrumentation) would otherwise each open a pool; created on first use so that
 * `next build`, which imports modules without a database, never needs DATABASE_URL.
 */
const globalForDb = globalThis as unknown as { __db?: Db; __pool?: Pool; __named?: NamedStatements };

/** The process's connection pool, shared by the Prisma client and bulkQuery. */
function pool(): Pool {
  if (!globalForDb.__pool) {
    globalForDb.__pool = new Pool({
      connectionString: env().DATABASE_URL,
      max: 10,
      // A connection holds its named statements and their plans: one closed after pg's default 10 idle seconds
      // took them along, and a quiet minute of the sync parsed and planned everything again. Idle connections do
      // not keep the process alive.
      idleTimeoutMillis: 5 * 60_000,
      allowExitOnIdle: true,
    });
    // An idle connection that breaks (the database restarted) is dropped by the pool and the next query opens
    // another; without a listener its error would end the process.
    globalForDb.__pool.on("error", (error) => console.error(`Database connection dropped: ${error.message}`));
    globalForDb.__named = namedStatements(globalForDb.__pool);
  }
  return globalForDb.__pool;
}

function instance(): Db {
  globalForDb.__db ??= createClient(pool(), globalForDb.__named!);
  return globalForDb.__db;
}

export const db: Db = new Proxy({} as Db, {
  get(_target, property) {
    const client = instance();
    const value = Reflect.get(client, property, client);
    return typeof value === "function" ? value.bind(client) : value;
  },
});

export async function disconnectDb(): Promise<void> {
  await globalForDb.__db?.$disconnect();
  await globalForDb.__pool?.end();
  globalForDb.__db = undefined;
  globalForDb.__pool = undefined;
  globalForDb.__named = undefined;
}

/**
 * Runs one of the sync's bookkeeping writes in a transaction whose commit does not wait for the write-ahead log to
 * reach the disk (`SET LOCAL synchronous_commit = off`). Each write of the steady state is a transaction of its
 * own, and the commits' waits for the disk were two thirds of the platform's database time (docs/benchmarks.md):
 * the rate limiter's counters, the call ledger, the job locks, a run's lease and progress. A crash of the database
 * server may lose the last such commits (up to three times wal_writer_delay, 600 ms by default), never a part of
 * one, and the database comes back as it was at a moment in commit order: any later commit made the usual way,
 * on whatever connection, flushes every earlier one. What losing them costs: a call or two missing from the
 * limiter's counters and the ledger, a lock or a lease taken again or expired, a run's last progress. Nothing that a
 * person did or that decides what the provider receives goes through here (consent, audit, clients, connections,
 * tokens, the sync states): those wait for the disk. LOCAL, so the setting ends with the transaction, behind any
 * pooler. Only on Postgres: the embedded database (PGlite) has no such wait to spare, only the transaction to pay.
 */
const BOOKKEEPING_WAIT_MS = 120_000;

export async function withoutWaitingForDisk<T>(write: Prisma.PrismaPromise<T>, client: Db = db): Promise<T> {
  instance(); // the pool, which learns the server's kind
  if (!globalForDb.__named!.onPostgres()) return write;
  // As long as a statement of its own would wait for a connection and run: Prisma's defaults for a transaction (2 s
  // to get a connection, 5 s to run) failed bookkeeping writes while full syncs held the pool.
  const [, result] = await client.$transaction([client.$executeRaw`SET LOCAL synchronous_commit = off`, write], {
    maxWait: BOOKKEEPING_WAIT_MS,
    timeout: BOOKKEEPING_WAIT_MS,
  });
  return result;
}

/**
 * In a transaction: every statement of it from here on is planned for its own values, named or not (see
 * namedStatements). For statements whose best plan depends on the size of what their values select.
 */
export async function planEachExecution(tx: Tx): Promise<void> {
  await tx.$executeRaw`SET LOCAL plan_cache_mode = force_custom_plan`;
}

/**
 * One statement straight on the pool, for the sync's statements that carry megabytes (a 40,000-row JSON parameter,
 * chunks of thousands of clients). Prisma's raw queries serialize the parameters to JSON, parse them back and
 * convert each one again, and keep them in its debug history: about 100 MB of copies per 100,000 clients, most of it
 * in large strings that only a full collection frees, which drove the sync's peak memory. The driver sends a text
 * parameter as it is, and a Buffer as bytes (binary format). Build the statement with `Prisma.sql` (values stay
 * parameters); json columns come back parsed, timestamps as Date. Not for use inside a Prisma transaction: it takes
 * its own connection.
 */
export async function bulkQuery<T extends QueryResultRow>(statement: Prisma.Sql): Promise<T[]> {
  return (await pool().query<T>({ text: statement.text, values: statement.values as unknown[] })).rows;
}

/**
 * Lets go of the arguments of recent queries. Prisma's debug module keeps those of its last 100 debug calls for its
 * error reports, even with DEBUG off, and the pg adapter makes one per query with the query's parameters: after the
 * sync's bulk statements (a 4 MB JSON parameter, 10,000-element arrays) that pinned tens of megabytes per batch, and
 * about 100 MB over a sync of 1,000,000 clients. Called after such statements; it only empties that history.
 */
export function releaseQueryArguments(): void {
  clearLogs();
}
