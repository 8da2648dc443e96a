import { randomBytes } from "node:crypto";
import pg from "pg";
import { startEmbeddedPostgres } from "./embedded-postgres";

/** Checks that a database URL is well-formed and reachable, with a message a person can act on. */
export async function assertReachable(url: string): Promise<void> {
  if (!/^postgres(ql)?:\/\//.test(url) || !URL.canParse(url)) {
    throw new Error(
      "DATABASE_URL is not a valid postgresql:// URL (e.g. postgresql://user:password@localhost:5432/studio).",
    );
  }
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (error) {
    const { hostname, port, pathname } = new URL(url);
    throw new Error(`Cannot reach the database at ${hostname}:${port || 5432}${pathname}: ${(error as Error).message}`);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Tests and the browser-test server refuse to run against anything but a local database (they create and drop). */
export function assertLocalDatabase(url: string): void {
  const host = new URL(url).hostname;
  if (!["localhost", "127.0.0.1", "::1", "[::1]"].includes(host) && process.env.ALLOW_NON_LOCAL_TEST_DATABASE !== "1") {
    throw new Error(
      `Refusing to run tests against a non-local database (${host}). Set ALLOW_NON_LOCAL_TEST_DATABASE=1 if you mean it.`,
    );
  }
}

export type ThrowawayDatabase = { url: string; drop(): Promise<void>; embedded: boolean };

/**
 * A fresh, empty database for one test run: a new database on the server of DATABASE_URL (CI), or an in-memory
 * embedded Postgres when DATABASE_URL is unset (PGlite serves a single database, so each throwaway one is a new
 * embedded server).
 */
export async function createThrowawayDatabase(
  prefix: string,
  serverUrl: string | undefined,
): Promise<ThrowawayDatabase> {
  if (!serverUrl) {
    const embedded = await startEmbeddedPostgres();
    return { url: embedded.url, drop: () => embedded.stop(), embedded: true };
  }
  assertLocalDatabase(serverUrl);
  await assertReachable(serverUrl);
  const name = `${prefix}_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    embedded: false,
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}
