import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createThrowawayDatabase, type ThrowawayDatabase } from "../../scripts/lib/database";
import { migrate, readMigrations } from "./migrate";

let database: ThrowawayDatabase;
beforeAll(async () => {
  database = await createThrowawayDatabase("migrate", inject("databaseServerUrl") || undefined);
});
afterAll(() => database.drop());

async function query<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("migrate", () => {
  it("applies every migration once, even when two processes start together, and records them as Prisma does", async () => {
    const results = await Promise.all([migrate(database.url), migrate(database.url)]);
    const all = readMigrations().map((m) => m.name);
    // One caller applied everything, the other found it done (the advisory lock serialised them).
    expect(results.flat().sort()).toEqual(all.sort());
    const rows = await query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      applied_steps_count: number;
    }>(
      `SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows.map((r) => r.migration_name)).toEqual(all);
    // What `prisma migrate deploy` itself records: the lowercase hex sha256 of the migration.sql bytes
    // (prisma-engines, schema-engine/connectors/schema-connector/src/checksum.rs: compute_checksum + format_checksum).
    // Computed outside our code with `sha256sum prisma/migrations/20261126000000_init/migration.sql`.
    expect(rows.find((r) => r.migration_name === "20261126000000_init")!.checksum).toBe(
      "6ab79f36e3195975d7e6d84b799da50776551e087263dd64cbbca09f8e361c6b",
    );
    for (const [i, m] of readMigrations().entries()) {
      expect(rows[i]!.checksum).toBe(m.checksum);
      expect(rows[i]!.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(rows[i]!.finished_at).not.toBeNull();
    }
    expect(await migrate(database.url)).toEqual([]);
  });

  it("refuses a migration whose file changed after it was applied", async () => {
    const changed = readMigrations().map((m, i) => (i === 0 ? { ...m, checksum: "0".repeat(64) } : m));
    await expect(migrate(database.url, changed)).rejects.toThrow(/changed after it was applied/);
  });

  it("rolls back a failing migration completely and does not record it", async () => {
    const broken = {
      name: "29990101000000_broken",
      sql: `CREATE TABLE "Half" (id int); SELECT * FROM no_such_table;`,
      checksum: "f".repeat(64),
    };
    await expect(migrate(database.url, [...readMigrations(), broken])).rejects.toThrow(/29990101000000_broken failed/);
    expect(await query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'Half'`)).toHaveLength(0);
    expect(
      await query(`SELECT 1 FROM "_prisma_migrations" WHERE migration_name = '29990101000000_broken'`),
    ).toHaveLength(0);
  });
});
