import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";
import { env } from "./env";

function createClient(connectionString: string) {
  const adapter = new PrismaPg({ connectionString, max: 10 });
  return new PrismaClient({ adapter });
}

export type Db = ReturnType<typeof createClient>;
/** A transaction client as given to `db.$transaction(async (tx) => ...)`. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/**
 * The one Prisma client of the process. Held on globalThis because Next's dev server and its separate module
 * graphs (route handlers, instrumentation) would otherwise each open a pool; created on first use so that
 * `next build`, which imports modules without a database, never needs DATABASE_URL.
 */
const globalForDb = globalThis as unknown as { __db?: Db };

function instance(): Db {
  globalForDb.__db ??= createClient(env().DATABASE_URL);
  return globalForDb.__db;
}

export const db: Db = new Proxy({} as Db, {
  get(_target, property) {
    const client = instance();
    const value = Reflect.get(client, property, client);
    return typeof value === "function" ? value.bind(client) : value;
  },
});

export async function disconnectDb(): Promise<void> {
  await globalForDb.__db?.$disconnect();
  globalForDb.__db = undefined;
}
