import "server-only";
import { RateLimiterPostgres, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Db } from "../db";

export type LimiterSpec = { keyPrefix: string; points: number; duration: number };
export type LimiterFactory = (spec: LimiterSpec) => RateLimiterAbstract;

/**
 * rate-limiter-flexible's Postgres limiter on our own Prisma client, over the table the migrations create
 * ("CcRateLimit"). Its statements are one atomic upsert each, so every process sharing the database shares the
 * counters. They go through Prisma rather than a pg pool of their own because the library names its prepared
 * statements, and on the embedded database every connection is one session, where a second connection preparing
 * the same name fails; the name is dropped here and the rows are given back in pg's shape. `expire` is a bigint
 * (epoch ms), which Prisma returns as a BigInt: the library does arithmetic with plain numbers. A window of a
 * fractional number of milliseconds (1250 ms / 4) gives a fractional expiry, rounded up here for the bigint column.
 */
export function postgresLimiters(database: Db): LimiterFactory {
  const storeClient = {
    async query(q: { text: string; values?: unknown[] }) {
      const values = (q.values ?? []).map((v) => (typeof v === "number" && !Number.isInteger(v) ? Math.ceil(v) : v));
      const rows = await database.$queryRawUnsafe<Record<string, unknown>[]>(q.text, ...values);
      const plain = rows.map((row) =>
        Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v])),
      );
      return { rows: plain, rowCount: plain.length };
    },
  };
  return (spec) =>
    new RateLimiterPostgres({
      ...spec,
      storeClient,
      storeType: "client",
      tableName: "CcRateLimit",
      tableCreated: true,
      clearExpiredByTimeout: true,
    });
}
