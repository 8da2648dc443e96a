import { expect, it } from "vitest";
import { db, planEachExecution } from "./db";

type Prepared = { statement: string; custom: number; generic: number };

// Prisma's statements go by name on Postgres, so each is parsed once per connection (lib/db.ts namedStatements);
// Postgres then keeps one plan for all values where it finds it no worse, except in a transaction that asks for a
// plan per execution. Unnamed on the embedded database, whose one session all connections share. (A lookup with
// `LIMIT $n`, as findFirst and findUnique send, keeps being planned per execution: Postgres estimates an unknown
// limit as a tenth of the rows, so one plan for all values never looks as cheap as the plan for LIMIT 1.)
it("names Prisma's statements on Postgres, keeps one plan for key lookups, plans per execution where asked; none on the embedded database", async () => {
  const [server] = await db.$queryRaw<{ version: string }[]>`SELECT version()`;
  const embedded = /PGlite/i.test(server!.version);
  const lookups = async () =>
    db.$transaction(async (tx) => {
      const eight = async () => {
        // Eight: past the five executions after which Postgres may settle on one plan for all values.
        for (let i = 0; i < 8; i++)
          await tx.user.findMany({ where: { email: `${i}@named.test` }, select: { id: true } });
        return tx.$queryRaw<Prepared[]>`
          SELECT statement, custom_plans::int AS custom, generic_plans::int AS generic
          FROM pg_prepared_statements WHERE NOT from_sql AND statement LIKE 'SELECT %FROM "public"."User"%'`;
      };
      const kept = await eight();
      await planEachExecution(tx);
      const [mode] = await tx.$queryRaw<{ plan_cache_mode: string }[]>`SHOW plan_cache_mode`;
      return { kept, perExecution: await eight(), mode: mode?.plan_cache_mode };
    });
  // The process learns the server's kind from its first answer: statements sent before go unnamed.
  let seen = await lookups();
  for (let i = 0; i < 20 && !embedded && seen.kept.length === 0; i++) seen = await lookups();
  expect(seen.mode).toBe("force_custom_plan");
  if (embedded) {
    expect(seen.kept).toEqual([]);
    expect(seen.perExecution).toEqual([]);
    return;
  }
  // One statement for the lookups (parsed once); a lookup by a unique key gets one plan for all emails…
  expect(seen.kept).toHaveLength(1);
  expect(seen.kept[0]!.generic).toBeGreaterThan(0);
  // …except where the transaction asked for a plan per execution: eight more custom plans, no generic one.
  expect(seen.perExecution).toHaveLength(1);
  expect(seen.perExecution[0]!.custom).toBe(seen.kept[0]!.custom + 8);
  expect(seen.perExecution[0]!.generic).toBe(seen.kept[0]!.generic);
});
