// A database of a test file's own, for tests of platform-wide behaviour (the scheduler picks every due connection,
// start-up recovery closes every dead run, a quota pause stops every connection): on the shared test database they
// would disturb, and be disturbed by, test files running in parallel. Same server as the run's database (or a new
// embedded one), real migrations.
import pg from "pg";
import { afterAll, beforeAll, inject } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { migrate } from "@/lib/db/migrate";
import { createThrowawayDatabase } from "@/scripts/lib/database";

/**
 * Points this process's `db` at a fresh migrated database. Call it before the test's first query that must land
 * there; `drop()` disconnects, drops it and points `db` back at the shared database.
 */
export async function useOwnDatabase(prefix = "own") {
  const shared = process.env.DATABASE_URL;
  const database = await createThrowawayDatabase(prefix, inject("databaseServerUrl") || undefined);
  await migrate(database.url);
  const marker = new pg.Client({ connectionString: database.url });
  await marker.connect();
  await marker.query(`CREATE TABLE "own_database_marker" (id int)`);
  await marker.end();
  await disconnectDb();
  process.env.DATABASE_URL = database.url;
  // Prove the switch took, rather than trusting it (a client created earlier would still point at the shared one).
  const [found] = await db.$queryRaw<
    { exists: boolean }[]
  >`SELECT to_regclass('own_database_marker') IS NOT NULL AS exists`;
  if (!found?.exists) throw new Error("useOwnDatabase: db still points at the shared test database");
  return {
    url: database.url,
    async drop() {
      await disconnectDb();
      process.env.DATABASE_URL = shared;
      await database.drop();
    },
  };
}

/** The same for every test of a file: registers beforeAll/afterAll. */
export function withOwnDatabase(prefix = "own"): void {
  let own: Awaited<ReturnType<typeof useOwnDatabase>> | undefined;
  beforeAll(async () => {
    own = await useOwnDatabase(prefix);
  });
  afterAll(async () => {
    await own?.drop();
  });
}
