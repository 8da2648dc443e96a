import "server-only";
import { db as defaultDb, type Db, type Tx } from "../../db";
import { lockConnection, markReconnectRequired, openToken, sealToken } from "../connections";
import type { ConnectionRow } from "../provider";
import type { TokenStore, StoredTokens } from "./tokens";

/** The states in which a connection holds working tokens. */
const USABLE = new Set(["NEEDS_LIST", "ACTIVE"]);

const WITH_TOKENS = { omit: { accessTokenEnc: false, refreshTokenEnc: false } } as const;

type RowWithTokens = NonNullable<Awaited<ReturnType<typeof readRow>>>;

function readRow(tx: Tx, connectionId: string) {
  return tx.connection.findUnique({ where: { id: connectionId }, ...WITH_TOKENS });
}

function tokensOf(row: RowWithTokens | null): StoredTokens {
  if (!row) return { usable: false, accessToken: null, refreshToken: null, expiresAt: null };
  return {
    usable: USABLE.has(row.status) && !!row.refreshTokenEnc,
    accessToken: row.accessTokenEnc ? openToken(row.accessTokenEnc, row.id) : null,
    refreshToken: row.refreshTokenEnc ? openToken(row.refreshTokenEnc, row.id) : null,
    expiresAt: row.accessTokenExpiresAt,
  };
}

async function readTokens(tx: Tx, connectionId: string): Promise<StoredTokens> {
  return tokensOf(await readRow(tx, connectionId));
}

/**
 * The tokens of a connection in the database. `readConnection` reads the connection's row for a caller that needs
 * it (token columns left out) and keeps its tokens for the next `read`, which then costs no statement: the pull
 * reads its connection right before its first call.
 */
export function connectionTokenStore(
  connectionId: string,
  db: Db = defaultDb,
): TokenStore & { readConnection(): Promise<ConnectionRow | null> } {
  let readAhead: StoredTokens | null = null;
  return {
    read: async () => {
      const tokens = readAhead;
      readAhead = null;
      return tokens ?? readTokens(db, connectionId);
    },
    readConnection: async () => {
      const row = await readRow(db, connectionId);
      readAhead = tokensOf(row);
      if (!row) return null;
      const { accessTokenEnc: _access, refreshTokenEnc: _refresh, ...connection } = row;
      return connection;
    },
    withLock: (fn) =>
      db.$transaction(
        async (tx) => {
          await lockConnection(tx, connectionId);
          const current = await readTokens(tx, connectionId);
          return fn(current, async (tokens) => {
            await tx.connection.update({
              where: { id: connectionId },
              data: {
                accessTokenEnc: sealToken(tokens.accessToken, connectionId),
                // Rotating refresh tokens: the new one replaces the old in this same transaction.
                ...(tokens.refreshToken ? { refreshTokenEnc: sealToken(tokens.refreshToken, connectionId) } : {}),
                accessTokenExpiresAt: tokens.expiresAt,
                ...(tokens.scope ? { scopes: tokens.scope } : {}),
              },
            });
          });
        },
        // Waiters queue on the row lock in Postgres; the holder makes one HTTP call to CC's token endpoint.
        { maxWait: 30_000, timeout: 45_000 },
      ),
    markReconnectRequired: (reason) => markReconnectRequired(connectionId, reason),
  };
}
