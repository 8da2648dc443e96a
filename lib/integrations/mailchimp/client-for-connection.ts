import "server-only";
import { db } from "../../db";
import type { CallPurpose } from "../call-purpose";
import { openToken } from "../connections";
import { ReconnectRequired } from "../provider";
import { accountLimiter, mcAccountKey } from "./account-limiter";
import { createMcClient, type McClient } from "./api-client";
import { mcConfig } from "./config";

/** A connection's row with its token (the other columns as `db` reads them), for mcClientFromRow. */
export function readConnectionWithToken(connectionId: string) {
  return db.connection.findUnique({ where: { id: connectionId }, omit: { accessTokenEnc: false } });
}

/**
 * The API client of one connection: its token (decrypted; Mailchimp tokens never expire) and the account's API
 * endpoint, from the database. A connection without a token (disconnected, or needing a reconnect) cannot call.
 */
export async function mcClientForConnection(
  connectionId: string,
  options: McClientOptions,
): Promise<McClient & { listId: string | null }> {
  return mcClientFromRow(connectionId, await readConnectionWithToken(connectionId), options);
}

type McClientOptions = {
  purpose?: CallPurpose;
  onCall?: (endpoint: string) => void;
  maxRetries?: number;
  retryBaseMs?: number;
};

/** The client of a connection whose row (readConnectionWithToken) is in hand. */
export function mcClientFromRow(
  connectionId: string,
  row: Awaited<ReturnType<typeof readConnectionWithToken>>,
  options: McClientOptions,
): McClient & { listId: string | null } {
  if (!row?.accessTokenEnc || !row.apiEndpoint || (row.status !== "ACTIVE" && row.status !== "NEEDS_LIST"))
    throw new ReconnectRequired(connectionId, "Mailchimp needs to be reconnected.");
  const client = createMcClient({
    accessToken: openToken(row.accessTokenEnc, row.id),
    apiEndpoint: row.apiEndpoint,
    apiEndpointPattern: mcConfig().apiEndpointPattern,
    accountKey: mcAccountKey(row),
    limiter: accountLimiter(),
    ...options,
  });
  return Object.assign(client, { listId: row.listId });
}
