import { expect, it } from "vitest";
import { db, planEachExecution, withoutWaitingForDisk } from "./db";

type Prepared = { statement: string; custom: number; generic: number };

async function onEmbeddedDatabase(): Promise<boolean> {
  const [server] = await db.$queryRaw<{ version: string }[]>`SELECT version()`;
  return /PGlite/i.test(server!.version);
}

// Prisma's statements go by name on Postgres, so each is parsed once per connection (lib/db.ts namedStatements);
// Postgres then keeps one plan for all values where it finds it no worse, except in a transaction that asks for a
// plan per execution. Unnamed on the embedded database, whose one session all connections share. (A lookup with
// `LIMIT $n`, as findFirst and findUnique send, keeps being planned per execution: Postgres estimates an unknown
// limit as a tenth of the rows, so one plan for all values never looks as cheap as the plan for LIMIT 1.)
it("names Prisma's statements on Postgres, keeps one plan for key lookups, plans per execution where asked; none on the embedded database", async () => {
  const embedded = await onEmbeddedDatabase();
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

// On Postgres a bookkeeping write's commit does not wait for the disk; the setting ends with its transaction, so
// nothing else on the connection is relaxed. The embedded database has no such wait: the write goes as it is.
it("relaxes the commit of a bookkeeping write on Postgres, and only of it", async () => {
  const embedded = await onEmbeddedDatabase();
  const setting = () => db.$queryRaw<{ value: string }[]>`SELECT current_setting('synchronous_commit') AS value`;
  // The process learns the server's kind from its first answer: until then writes go as they are.
  for (let i = 0; i < 20 && !embedded && (await withoutWaitingForDisk(setting()))[0]!.value === "on"; i++)
    await new Promise((resolve) => setTimeout(resolve, 50));
  for (let i = 0; i < 10; i++) {
    expect(await withoutWaitingForDisk(setting())).toEqual([{ value: embedded ? "on" : "off" }]);
    expect(await setting()).toEqual([{ value: "on" }]);
  }
  // A write, committed: seen at once by the next statement.
  const key = `relaxed-${Date.now()}`;
  await withoutWaitingForDisk(
    db.$executeRaw`INSERT INTO "JobLock" ("key", "owner", "expiresAt") VALUES (${key}, 'test', now())`,
  );
  expect(await db.$queryRaw`SELECT "owner" FROM "JobLock" WHERE "key" = ${key}`).toEqual([{ owner: "test" }]);
  await db.$executeRaw`DELETE FROM "JobLock" WHERE "key" = ${key}`;
});

// A bookkeeping write waits for a connection as long as a statement of its own would: with Prisma's default for a
// transaction (2 s to get one) it failed while full syncs held the pool.
it("gets a connection for a bookkeeping write however long the pool is busy", { timeout: 30_000 }, async () => {
  if (await onEmbeddedDatabase()) return; // the write goes as it is there: nothing of a transaction to wait for
  // Every connection of the pool (10) busy for 3 s (`then` sends them: Prisma's queries are lazy).
  const busy = Array.from({ length: 10 }, () => db.$executeRaw`SELECT pg_sleep(3)`.then(() => undefined));
  await new Promise((resolve) => setTimeout(resolve, 200));
  const key = `busy-${Date.now()}`;
  await withoutWaitingForDisk(
    db.$executeRaw`INSERT INTO "JobLock" ("key", "owner", "expiresAt") VALUES (${key}, 'test', now())`,
  );
  await Promise.all(busy);
  expect(await db.$queryRaw`SELECT "owner" FROM "JobLock" WHERE "key" = ${key}`).toEqual([{ owner: "test" }]);
  await db.$executeRaw`DELETE FROM "JobLock" WHERE "key" = ${key}`;
});
