import "server-only";
import { recordAudit, SYSTEM_ACTOR } from "../audit";
import { decryptSecret, encryptSecret } from "../crypto";
import { db as defaultDb, type Db, type Tx } from "../db";
import type { TokenStore, StoredTokens } from "./tokens";
import { openIncident } from "../alerts/incidents";
import { requestMailDelivery } from "../jobs/request-mail";

/** The states in which a connection holds working tokens. */
const USABLE = new Set(["NEEDS_LIST", "ACTIVE"]);

const WITH_TOKENS = { omit: { accessTokenEnc: false, refreshTokenEnc: false } } as const;

/** Tokens are encrypted with the connection id as associated data: a ciphertext copied to another row is useless. */
export function sealToken(token: string, connectionId: string): string {
  return encryptSecret(token, `cc-connection:${connectionId}`);
}

export function openToken(sealed: string, connectionId: string): string {
  return decryptSecret(sealed, `cc-connection:${connectionId}`);
}

async function readTokens(tx: Tx, connectionId: string): Promise<StoredTokens> {
  const row = await tx.constantContactConnection.findUnique({ where: { id: connectionId }, ...WITH_TOKENS });
  if (!row) return { usable: false, accessToken: null, refreshToken: null, expiresAt: null };
  return {
    usable: USABLE.has(row.status) && !!row.refreshTokenEnc,
    accessToken: row.accessTokenEnc ? openToken(row.accessTokenEnc, row.id) : null,
    refreshToken: row.refreshTokenEnc ? openToken(row.refreshTokenEnc, row.id) : null,
    expiresAt: row.accessTokenExpiresAt,
  };
}

/** Locks the connection row until the transaction ends (refresh, disconnect and reconnect all take this lock). */
export async function lockConnection(tx: Tx, connectionId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM "ConstantContactConnection" WHERE id = ${connectionId}::uuid FOR UPDATE`;
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
            await tx.constantContactConnection.update({
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
    async markReconnectRequired(reason) {
      const alerts = await db.$transaction(async (tx) => {
        const row = await tx.constantContactConnection.findUnique({
          where: { id: connectionId },
          select: { businessId: true },
        });
        if (!row) return [];
        const changed = await tx.constantContactConnection.updateMany({
          where: { id: connectionId, status: { in: ["NEEDS_LIST", "ACTIVE"] } },
          data: { status: "NEEDS_RECONNECT", lastError: reason },
        });
        if (changed.count === 0) return [];
        await recordAudit(
          {
            action: "integration.needs_reconnect",
            actor: SYSTEM_ACTOR,
            businessId: row.businessId,
            target: { type: "ConstantContactConnection", id: connectionId },
            details: { reason },
          },
          tx,
        );
        // The owners hear about it once, in the same transaction as the change of status.
        return openIncident(tx, { businessId: row.businessId, kind: "RECONNECT_NEEDED", details: { reason } });
      });
      await requestMailDelivery(alerts);
    },
  };
}
