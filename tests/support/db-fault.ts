// A real database fault at an exact point: a trigger that makes Postgres refuse one kind of write, so the step that
// makes it throws (and its transaction rolls back) as if the process had died there. Scoped by a WHEN condition to
// the test's own rows, so test files running in parallel on the same database are not affected.
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";

/**
 * Until `remove()` is called, every row of `table` matching `when` (SQL over NEW and OLD, e.g.
 * `OLD."clientId" = '…'::uuid` on DELETE) fails to be written with "injected fault".
 */
export async function failWrites(input: {
  table: string;
  on?: "UPDATE" | "INSERT" | "INSERT OR UPDATE" | "DELETE";
  when: string;
}): Promise<{ remove(): Promise<void> }> {
  const name = `injected_fault_${randomBytes(4).toString("hex")}`;
  await db.$executeRawUnsafe(
    `CREATE FUNCTION "${name}"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected fault (${name})'; END $$`,
  );
  await db.$executeRawUnsafe(
    `CREATE TRIGGER "${name}" BEFORE ${input.on ?? "UPDATE"} ON "${input.table}" FOR EACH ROW WHEN (${input.when}) EXECUTE FUNCTION "${name}"()`,
  );
  return {
    async remove() {
      await db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS "${name}" ON "${input.table}"`);
      await db.$executeRawUnsafe(`DROP FUNCTION IF EXISTS "${name}"()`);
    },
  };
}
