// A database of a test file's own, for tests whose work is not scoped to their own businesses (the scheduler picks
// every due connection, start-up recovery closes every dead run) and must not reach other files' data. Call it
// before the first query, once the rest of the env is set: the app reads its env (DATABASE_URL included) once.
import { inject } from "vitest";
import { migrate } from "@/lib/db/migrate";
import { db, disconnectDb } from "@/lib/db";
import { createThrowawayDatabase } from "@/scripts/lib/database";

export async function useOwnDatabase(prefix: string) {
  const database = await createThrowawayDatabase(prefix, inject("databaseServerUrl") || undefined);
  await migrate(database.url);
  process.env.DATABASE_URL = database.url;
  const [current] = await db.$queryRaw<{ name: string }[]>`SELECT current_database() AS name`;
  if (!database.embedded && current?.name !== new URL(database.url).pathname.slice(1)) throw new Error("useOwnDatabase ran after the app's database client was created");
  return {
    url: database.url,
    async drop() {
      await disconnectDb();
      await database.drop();
    },
  };
}
