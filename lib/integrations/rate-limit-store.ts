import "server-only";
import type { Redis } from "ioredis";
import { RateLimiterPostgres, RateLimiterRedis, type RateLimiterAbstract } from "rate-limiter-flexible";
import { withoutWaitingForDisk, type Db } from "../db";

export type LimiterSpec = { keyPrefix: string; points: number; duration: number };
export type LimiterFactory = (spec: LimiterSpec) => RateLimiterAbstract;

/**
 * rate-limiter-flexible's Postgres limiter on our own Prisma client, over the table the migrations create
 * ("ApiRateLimit"). Its statements are one atomic upsert each, so every process sharing the database shares the
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
      const statement = database.$queryRawUnsafe<Record<string, unknown>[]>(q.text, ...values);
      // The counters are bookkeeping: their writes do not wait for the disk (lib/db.ts).
      const rows = /^\s*(INSERT|UPDATE|DELETE)\b/i.test(q.text)
        ? await withoutWaitingForDisk(statement, database)
        : await statement;
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
      tableName: "ApiRateLimit",
      tableCreated: true,
      clearExpiredByTimeout: true,
    });
}

/** Takes `points` on a key that expires `ms` after its first point; or sets it outright (a block). Returns [points, pttl]. */
const INCR_PX = `
if ARGV[3] == '1' then
  redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2])
else
  redis.call('set', KEYS[1], 0, 'PX', ARGV[2], 'NX')
  redis.call('incrby', KEYS[1], ARGV[1])
end
return {tonumber(redis.call('get', KEYS[1])), redis.call('pttl', KEYS[1])}`;

/**
 * The library's Redis limiter with millisecond windows: it rounds a window down to whole seconds, and a slot of
 * 312.5 ms (rate-limiter.ts at 4/s) would become a key that never expires. One Lua script keeps each take atomic.
 */
class RateLimiterRedisMs extends RateLimiterRedis {
  constructor(
    private readonly redis: Redis,
    spec: LimiterSpec,
  ) {
    super({ ...spec, storeClient: redis });
  }

  async _upsert(rlKey: string, points: number, msDuration: number, forceExpire = false): Promise<unknown> {
    return this.redis.eval(INCR_PX, 1, rlKey, points, Math.max(1, Math.ceil(msDuration)), forceExpire ? "1" : "0");
  }
}

/**
 * rate-limiter-flexible's Redis limiter (ioredis) when REDIS_URL is set: the counters live in Redis, shared by
 * every process using it; the ledger stays in Postgres.
 */
export function redisLimiters(redis: Redis): LimiterFactory {
  return (spec) => new RateLimiterRedisMs(redis, spec);
}
