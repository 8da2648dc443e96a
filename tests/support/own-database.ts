// A database of the test file's own, for tests of platform-wide behaviour (every connection of the platform is
// paused, the schedule counts every connection): on the shared test database they would disturb, and be disturbed
// by, test files running in parallel. Same server as the run's database (or a new embedded one), real migrations.
import pg from "pg";
import { afterAll, beforeAll, inject } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { migrate } from "@/lib/db/migrate";
import { createThrowawayDatabase, type ThrowawayDatabase } from "@/scripts/lib/database";

/** Points this file's `db` at a fresh migrated database for its tests (registers beforeAll/afterAll). */
export function withOwnDatabase(): void {
  let database: ThrowawayDatabase;
  const shared = process.env.DATABASE_URL;
  beforeAll(async () => {
    database = await createThrowawayDatabase("own", inject("databaseServerUrl") || undefined);
    await migrate(database.url);
    const marker = new pg.Client({ connectionString: database.url });
    await marker.connect();
    await marker.query(`CREATE TABLE "own_database_marker" (id int)`);
    await marker.end();
    await disconnectDb();
    process.env.DATABASE_URL = database.url;
    // env() is read once per process: prove the switch took, rather than trusting it.
    const [found] = await db.$queryRaw<{ exists: boolean }[]>`SELECT to_regclass('own_database_marker') IS NOT NULL AS exists`;
    if (!found?.exists) throw new Error("withOwnDatabase: db still points at the shared test database (env() was read before the switch)");
  });
  afterAll(async () => {
    await disconnectDb();
    process.env.DATABASE_URL = shared;
    await database?.drop();
  });
}
