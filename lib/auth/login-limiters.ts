// The sign-in limiters: rate-limiter-flexible on Postgres, so every app instance counts together and each count is
// one atomic INSERT ... ON CONFLICT UPDATE ... RETURNING (the library's upsert). Its table comes from our migrations
// (prisma/migrations/*_login_rate_limit), hence `tableCreated: true`; the limiters share it, told apart by keyPrefix.
import "server-only";
import pg from "pg";
import { RateLimiterPostgres } from "rate-limiter-flexible";
import { env } from "../env";

const TABLE = "LoginRateLimit";

/** Budgets (failed password checks, per window). Exported for the tests and the README, which quote them. */
export const LOGIN_LIMITS = {
  /** One account from one address: the hard limit. Only that address is refused, so nobody else is locked out. */
  accountAndAddress: { points: 5, duration: 15 * 60 },
  /** One address across every account (spraying). Generous enough for an office behind one NAT. */
  address: { points: 30, duration: 15 * 60 },
  /** One account from anywhere: past this, each attempt is slowed down (never refused). */
  account: { points: 10, duration: 15 * 60 },
  /** One account from a browser that signed in to it before (its device cookie), wherever it is. */
  device: { points: 5, duration: 15 * 60 },
} as const;

type Limiters = Record<keyof typeof LOGIN_LIMITS, RateLimiterPostgres>;

// One small pool of its own (Prisma's adapter does not expose its pool), held on globalThis like lib/db.ts's client
// so Next's dev server does not open one per module graph; created on first use, so `next build` needs no database.
const globalForLimiters = globalThis as unknown as { __loginLimiters?: Limiters };

export function loginLimiters(): Limiters {
  globalForLimiters.__loginLimiters ??= createLimiters(
    new pg.Pool({ connectionString: env().DATABASE_URL, max: 3, allowExitOnIdle: true }),
  );
  return globalForLimiters.__loginLimiters;
}

function createLimiters(pool: pg.Pool): Limiters {
  // The library names its prepared statements; with parallel attempts on one pool, pg's bookkeeping of named
  // statements has been seen to misfire ("prepared statement ... already exists", under Vitest). Unnamed statements
  // avoid it, for the price of a parse per query: nothing next to the password check they guard.
  const storeClient = { query: (q: { text: string; values?: unknown[] }) => pool.query(q.text, q.values) };
  const limiter = (keyPrefix: string, limits: { points: number; duration: number }) =>
    new RateLimiterPostgres({
      storeClient,
      storeType: "pool",
      tableName: TABLE,
      tableCreated: true,
      keyPrefix,
      ...limits,
    });
  return {
    accountAndAddress: limiter("login-account-address", LOGIN_LIMITS.accountAndAddress),
    address: limiter("login-address", LOGIN_LIMITS.address),
    account: limiter("login-account", LOGIN_LIMITS.account),
    device: limiter("login-device", LOGIN_LIMITS.device),
  };
}
