import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { readPrismaSchema, type SchemaField } from "./helpers/prisma-schema";

// The database was built by the real migrations (tests/setup/global-db.ts); the schema is what the Prisma client
// was generated from. If they drift, the client would fail at run time: this catches it here.
const schema = readPrismaSchema();
const client = new pg.Client({ connectionString: inject("databaseUrl") });

// The column type Prisma's PostgreSQL connector uses for each scalar without a native type attribute, and for each
// native type (`@db.X(args)`), spelled as Postgres' format_type() prints it. A type missing here fails the test
// with its name, so a new one gets a deliberate entry rather than a guess.
const SCALAR_TYPES: Record<string, string> = {
  String: "text",
  Int: "integer",
  BigInt: "bigint",
  Boolean: "boolean",
  DateTime: "timestamp(3) without time zone",
  Float: "double precision",
  Decimal: "numeric(65,30)",
  Json: "jsonb",
  Bytes: "bytea",
};
const NATIVE_TYPES: Record<string, (args: string[]) => string> = {
  Uuid: () => "uuid",
  Text: () => "text",
  Char: ([n]) => `character(${n})`,
  VarChar: ([n]) => (n ? `character varying(${n})` : "character varying"),
  Timestamptz: ([p]) => `timestamp(${p ?? 6}) with time zone`,
  Timestamp: ([p]) => `timestamp(${p ?? 6}) without time zone`,
  Date: () => "date",
  Integer: () => "integer",
  SmallInt: () => "smallint",
  JsonB: () => "jsonb",
};

function expectedType(model: string, field: SchemaField): string {
  let base: string | undefined;
  if (field.kind === "enum") base = field.type;
  else if (field.native) base = NATIVE_TYPES[field.native.name]?.(field.native.args);
  else base = SCALAR_TYPES[field.type];
  if (!base)
    throw new Error(
      `${model}.${field.name}: no Postgres type known for ${field.native ? `@db.${field.native.name}` : field.type}`,
    );
  return field.list ? `${base}[]` : base;
}

type Column = { table: string; column: string; type: string; nullable: boolean };
type Index = { table: string; columns: string[]; unique: boolean; primary: boolean; partialOrExpression: boolean };

let columns: Column[] = [];
let indexes: Index[] = [];

beforeAll(async () => {
  await client.connect();
  columns = (
    await client.query<Column>(`
      SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS nullable
      FROM pg_attribute a
      JOIN pg_class c ON c.oid = a.attrelid AND c.relkind IN ('r', 'p')
      JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
      WHERE a.attnum > 0 AND NOT a.attisdropped`)
  ).rows.map((c) => ({ ...c, type: c.type.replaceAll('"', "") })); // enum type names are quoted when mixed-case
  indexes = (
    await client.query<Index>(`
      SELECT t.relname AS table, i.indisunique AS unique, i.indisprimary AS primary,
        (i.indexprs IS NOT NULL OR i.indpred IS NOT NULL) AS "partialOrExpression",
        array_agg(a.attname ORDER BY k.ord)::text[] AS columns
      FROM pg_index i
      JOIN pg_class t ON t.oid = i.indrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
      CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
      JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
      GROUP BY i.indexrelid, t.relname, i.indisunique, i.indisprimary, i.indexprs, i.indpred`)
  ).rows;
});

afterAll(() => client.end());

const sorted = (lists: string[][]) => lists.map((l) => l.join(",")).sort();

describe("Prisma schema and migrated database agree", () => {
  it("has a table for every model and no table without one", () => {
    const tables = new Set(columns.map((c) => c.table));
    tables.delete("_prisma_migrations");
    expect([...tables].sort()).toEqual(schema.models.map((m) => m.table).sort());
  });

  for (const model of schema.models) {
    it(`${model.name}: every scalar and enum field has its column, with the right type and nullability`, () => {
      const stored = columns.filter((c) => c.table === model.table);
      const fields = model.fields.filter((f) => f.kind !== "relation");
      expect(stored.map((c) => c.column).sort()).toEqual(fields.map((f) => f.column).sort());
      for (const field of fields) {
        const column = stored.find((c) => c.column === field.column)!;
        expect({ field: field.name, type: column.type, nullable: column.nullable }).toEqual({
          field: field.name,
          type: expectedType(model.name, field),
          nullable: field.optional,
        });
      }
    });

    it(`${model.name}: the primary key and exactly the unique constraints of the schema, and every index`, () => {
      const onTable = indexes.filter((i) => i.table === model.table);
      const unique = onTable.filter((i) => i.unique);
      // A uniqueness rule the schema does not state (or states for whole rows but the index only for some) would
      // surface as a write error Prisma cannot explain.
      expect(unique.filter((i) => i.partialOrExpression)).toEqual([]);
      expect(unique.filter((i) => i.primary).map((i) => i.columns)).toEqual([model.id]);
      expect(sorted(unique.filter((i) => !i.primary).map((i) => i.columns))).toEqual(sorted(model.uniques));
      // Extra plain indexes are fine: the migrations add the trigram indexes for client search, which the schema
      // does not describe.
      const plain = sorted(onTable.filter((i) => !i.unique && !i.partialOrExpression).map((i) => i.columns));
      for (const index of sorted(model.indexes)) expect(plain).toContain(index);
    });
  }

  it("has every enum with the same values in the same order", async () => {
    const rows = (
      await client.query<{ name: string; values: string[] }>(`
        SELECT t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS values
        FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`)
    ).rows;
    expect(Object.fromEntries(rows.map((r) => [r.name, r.values]))).toEqual(Object.fromEntries(schema.enums));
  });
});
