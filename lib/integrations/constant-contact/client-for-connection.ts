import "server-only";
import type { Db } from "../../db";
import { createCcClient, type CcClient } from "./api-client";
import { ccConfig, type CcConfig } from "./config";
import { connectionTokenStore } from "./connection-token-store";
import { refreshAccessToken } from "./oauth";
import type { CallPurpose } from "../call-purpose";
import type { CallGate } from "./platform-limiter";
import { createTokenProvider, type TokenStore } from "./tokens";

/**
 * The V3 client of one business's connection: what the sync engine uses. Tokens come from the database
 * (refreshed single-flight under the row lock); `onCall` sees every HTTP request (count SyncRun.apiCalls with it);
 * `purpose` says what the calls are for (the platform limiter's priority and ledger).
 * Throws ReconnectRequiredError once the connection cannot get a token.
 */
export function ccClientForConnection(
  connectionId: string,
  options: {
    purpose: CallPurpose;
    onCall?: (endpoint: string) => void;
    config?: CcConfig;
    pacer?: CallGate;
    db?: Db;
    /** Where the tokens come from (default: the connection's row, read at each call). */
    store?: TokenStore;
    retryBaseMs?: number;
    maxRetries?: number;
  },
): CcClient {
  const config = options.config ?? ccConfig();
  const tokens = createTokenProvider({
    connectionId,
    store: options.store ?? connectionTokenStore(connectionId, options.db),
    refresh: (refreshToken) => refreshAccessToken(refreshToken, config),
  });
  return createCcClient({
    tokens,
    apiBaseUrl: config.apiBaseUrl,
    onCall: options.onCall,
    purpose: options.purpose,
    pacer: options.pacer,
    retryBaseMs: options.retryBaseMs,
    maxRetries: options.maxRetries,
  });
}
