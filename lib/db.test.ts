import { expect, it } from "vitest";
import { db } from "./db";

type Prepared = { statement: string; custom: number; generic: number };

// Prisma's statements go by name on Postgres, so each is parsed once per connection (lib/db.ts namedStatements),
// and still planned for its values; unnamed on the embedded database, whose one session all connections share.
it("names Prisma's statements on Postgres and plans each execution for its values; none on the embedded database", async () => {
  const [server] = await db.$queryRaw<{ version: string }[]>`SELECT version()`;
  const embedded = /PGlite/i.test(server!.version);
  const lookups = async () =>
    db.$transaction(async (tx) => {
      // Eight: past the five executions after which Postgres may settle on one plan for all values.
      for (let i = 0; i < 8; i++)
        await tx.user.findFirst({ where: { email: `${i}@named.test` }, select: { id: true } });
      const [mode] = await tx.$queryRaw<{ plan_cache_mode: string }[]>`SHOW plan_cache_mode`;
      if (!embedded) expect(mode?.plan_cache_mode).toBe("force_custom_plan");
      return tx.$queryRaw<Prepared[]>`
        SELECT statement, custom_plans::int AS custom, generic_plans::int AS generic
        FROM pg_prepared_statements WHERE NOT from_sql AND statement LIKE 'SELECT %FROM "public"."User"%'`;
    });
  // The process learns the server's kind from its first answer: statements sent before go unnamed.
  let prepared = await lookups();
  for (let i = 0; i < 20 && !embedded && prepared.length === 0; i++) prepared = await lookups();
  if (embedded) {
    expect(prepared).toEqual([]);
    return;
  }
  // One statement for the eight lookups (parsed once), each execution planned with its own email.
  expect(prepared).toHaveLength(1);
  expect(prepared[0]!.custom).toBeGreaterThanOrEqual(8);
  expect(prepared[0]!.generic).toBe(0);
});
