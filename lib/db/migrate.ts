// Applies prisma/migrations/<timestamp>_<name>/migration.sql in order and records each in `_prisma_migrations`
// exactly as `prisma migrate deploy` does (checksum = sha256 of the file), so Prisma's own tools agree wherever
// its schema engine is available. Prisma's CLI cannot run here (ENVIRONMENT.md), hence this.
//
// Each migration runs in its own transaction; an advisory lock (Prisma's own key) makes two starting processes
// apply it once. A failed migration leaves nothing behind and is not recorded.
import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";

const PRISMA_MIGRATE_LOCK = 72707369;

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

export type Migration = { name: string; sql: string; checksum: string };

export function readMigrations(dir = path.join(process.cwd(), "prisma", "migrations")): Migration[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

export async function migrate(databaseUrl: string, migrations = readMigrations()): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const applied: string[] = [];
  // Each step is one transaction holding Prisma's advisory lock: on Postgres the lock serialises concurrent
  // starts; on embedded PGlite (one backend behind a multiplexer) transactions themselves are serialised.
  const inLockedTransaction = async <T>(work: () => Promise<T>): Promise<T> => {
    await client.query("BEGIN");
    try {
      await client.query("SELECT pg_advisory_xact_lock($1)", [PRISMA_MIGRATE_LOCK]);
      const result = await work();
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK");
      throw error;
    }
  };
  try {
    await inLockedTransaction(() => client.query(CREATE_TABLE));
    for (const m of migrations) {
      const didApply = await inLockedTransaction(async () => {
        const done = await client.query<{ checksum: string }>(
          `SELECT checksum FROM "_prisma_migrations" WHERE migration_name = $1 AND finished_at IS NOT NULL AND rolled_back_at IS NULL`,
          [m.name],
        );
        const checksum = done.rows[0]?.checksum;
        if (checksum !== undefined) {
          if (checksum !== m.checksum) {
            throw new Error(
              `Migration ${m.name} was changed after it was applied (checksum differs). Add a new migration instead.`,
            );
          }
          return false;
        }
        try {
          await client.query(m.sql);
        } catch (error) {
          throw new Error(`Migration ${m.name} failed: ${(error as Error).message}`);
        }
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count, started_at)
           VALUES ($1, $2, now(), $3, 1, now())`,
          [randomUUID(), m.checksum, m.name],
        );
        return true;
      });
      if (didApply) applied.push(m.name);
    }
  } finally {
    await client.end();
  }
  return applied;
}
