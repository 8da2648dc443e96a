import "server-only";
import { db as defaultDb, type Db, type Tx } from "../../db";
import { lockConnection, markReconnectRequired, openToken, sealToken } from "../connections";
import type { TokenStore, StoredTokens } from "./tokens";

/** The states in which a connection holds working tokens. */
const USABLE = new Set(["NEEDS_LIST", "ACTIVE"]);

const WITH_TOKENS = { omit: { accessTokenEnc: false, refreshTokenEnc: false } } as const;

async function readTokens(tx: Tx, connectionId: string): Promise<StoredTokens> {
  const row = await tx.connection.findUnique({ where: { id: connectionId }, ...WITH_TOKENS });
  if (!row) return { usable: false, accessToken: null, refreshToken: null, expiresAt: null };
  return {
    usable: USABLE.has(row.status) && !!row.refreshTokenEnc,
    accessToken: row.accessTokenEnc ? openToken(row.accessTokenEnc, row.id) : null,
    refreshToken: row.refreshTokenEnc ? openToken(row.refreshTokenEnc, row.id) : null,
    expiresAt: row.accessTokenExpiresAt,
  };
}

export function connectionTokenStore(connectionId: string, db: Db = defaultDb): TokenStore {
  return {
    read: () => readTokens(db, connectionId),
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
