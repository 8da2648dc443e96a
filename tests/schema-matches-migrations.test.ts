import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { readPrismaSchema } from "./helpers/prisma-schema";

// The database was built by the real migrations (tests/setup/global-db.ts); the schema is what the Prisma client
// was generated from. If they drift, the client would fail at run time: this catches it here.
const schema = readPrismaSchema();
const client = new pg.Client({ connectionString: inject("databaseUrl") });

const PG_TYPES: Record<string, string[]> = {
  String: ["text", "character", "uuid", "character varying"],
  Int: ["integer"],
  BigInt: ["bigint"],
  Boolean: ["boolean"],
  DateTime: ["timestamp with time zone", "timestamp without time zone"],
  Json: ["jsonb"],
  Float: ["double precision"],
};

type Column = { table_name: string; column_name: string; is_nullable: "YES" | "NO"; data_type: string; udt_name: string };

let columns: Column[] = [];
let uniqueIndexes: { table: string; columns: string[] }[] = [];

beforeAll(async () => {
  await client.connect();
  columns = (await client.query<Column>(
    `SELECT table_name, column_name, is_nullable, data_type, udt_name FROM information_schema.columns WHERE table_schema = 'public'`,
  )).rows;
  const idx = await client.query<{ table: string; columns: string[] }>(`
    SELECT t.relname AS table, array_agg(a.attname ORDER BY k.ord)::text[] AS columns
    FROM pg_index i
    JOIN pg_class t ON t.oid = i.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
    CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
    WHERE i.indisunique
    GROUP BY i.indexrelid, t.relname`);
  uniqueIndexes = idx.rows;
});

afterAll(() => client.end());

describe("Prisma schema and migrated database agree", () => {
  it("has a table for every model and no table without one", () => {
    const tables = new Set(columns.map((c) => c.table_name));
    tables.delete("_prisma_migrations");
    expect([...tables].sort()).toEqual(schema.models.map((m) => m.name).sort());
  });

  for (const model of schema.models) {
    it(`${model.name}: every scalar field exists with the right type and nullability`, () => {
      const tableColumns = columns.filter((c) => c.table_name === model.name);
      const scalars = model.fields.filter((f) => !f.isRelation);
      expect(tableColumns.map((c) => c.column_name).sort()).toEqual(scalars.map((f) => f.name).sort());
      for (const field of scalars) {
        const column = tableColumns.find((c) => c.column_name === field.name)!;
        expect({ field: field.name, nullable: column.is_nullable === "YES" }).toEqual({ field: field.name, nullable: field.optional });
        const enumValues = schema.enums.get(field.type);
        if (enumValues) expect({ field: field.name, udt: column.udt_name }).toEqual({ field: field.name, udt: field.type });
        else expect(PG_TYPES[field.type], `${model.name}.${field.name}: ${column.data_type}`).toContain(column.data_type);
      }
    });

    it(`${model.name}: every unique constraint and the primary key are unique indexes`, () => {
      const onTable = uniqueIndexes.filter((u) => u.table === model.name).map((u) => u.columns.join(","));
      for (const unique of [...model.uniques, model.id]) expect(onTable).toContain(unique.join(","));
      expect(onTable.length).toBe(model.uniques.length + 1);
    });
  }

  it("has every enum with the same values in the same order", async () => {
    const rows = (await client.query<{ name: string; values: string[] }>(`
      SELECT t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS values
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`)).rows;
    expect(Object.fromEntries(rows.map((r) => [r.name, r.values]))).toEqual(Object.fromEntries(schema.enums));
  });
});
