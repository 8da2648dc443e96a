// The token provider of one connection, free of Prisma: storage comes in as a `TokenStore` (see
// connection-token-store.ts for the database one), the refresh call as a function.
//
// Single flight: a refresh happens only under the store's lock (a row lock on the connection), and the tokens are
// re-read after taking it; whoever finds them already refreshed by someone else uses them. The rotated refresh token
// is saved before the lock is released, so no caller ever sees or uses a refresh token that CC has invalidated.
import "server-only";
import type { AccessTokenSource } from "./api-client";
import { CcOAuthError, ReconnectRequiredError } from "./errors";
import type { TokenSet } from "./oauth";

export type StoredTokens = {
  /** False when the connection cannot use tokens (disconnected, needs reconnect). */
  usable: boolean;
  accessToken: string | null;
  refreshToken: string | null;
  expiresAt: Date | null;
};

export type TokenStore = {
  read(): Promise<StoredTokens>;
  /** Runs `fn` holding the connection's lock, with the tokens as they are under the lock. */
  withLock<T>(fn: (current: StoredTokens, save: (tokens: TokenSet) => Promise<void>) => Promise<T>): Promise<T>;
  /** The refresh token was refused (`invalid_grant`): the owner must reconnect. */
  markReconnectRequired(reason: string): Promise<void>;
};

/** Refresh when the access token expires within this margin (CC's token endpoint allows 1 request/second). */
export const REFRESH_MARGIN_MS = 5 * 60 * 1000;

type Outcome = { kind: "token"; token: string } | { kind: "reconnect" } | { kind: "invalid_grant" };

export function createTokenProvider(input: {
  connectionId: string;
  store: TokenStore;
  refresh: (refreshToken: string) => Promise<TokenSet>;
  now?: () => number;
}): AccessTokenSource {
  const now = input.now ?? Date.now;
  const fresh = (t: StoredTokens) =>
    t.usable && !!t.accessToken && !!t.expiresAt && t.expiresAt.getTime() - now() > REFRESH_MARGIN_MS;

  async function refreshUnderLock(needsRefresh: (current: StoredTokens) => boolean): Promise<string> {
    const outcome = await input.store.withLock<Outcome>(async (current, save) => {
      if (!current.usable || !current.refreshToken) return { kind: "reconnect" };
      if (current.accessToken && !needsRefresh(current)) return { kind: "token", token: current.accessToken };
      try {
        const tokens = await input.refresh(current.refreshToken);
        await save(tokens);
        return { kind: "token", token: tokens.accessToken };
      } catch (error) {
        if (error instanceof CcOAuthError && error.isInvalidGrant) return { kind: "invalid_grant" };
        throw error;
      }
    });
    if (outcome.kind === "token") return outcome.token;
    if (outcome.kind === "invalid_grant") {
      await input.store.markReconnectRequired(
        "Constant Contact refused the refresh token (invalid_grant): the connection must be reconnected.",
      );
    }
    throw new ReconnectRequiredError(input.connectionId);
  }

  return {
    async getAccessToken() {
      const current = await input.store.read();
      if (!current.usable) throw new ReconnectRequiredError(input.connectionId);
      if (fresh(current)) return current.accessToken!;
      return refreshUnderLock((t) => !fresh(t));
    },
    /** After a 401: refresh unless someone already replaced the token that was refused. */
    refreshAfterRejection(rejectedToken: string) {
      return refreshUnderLock((t) => t.accessToken === rejectedToken || !fresh(t));
    },
  };
}

/** For a token we hold in hand (the callback, before anything is stored): no refresh possible. */
export function staticTokenSource(accessToken: string): AccessTokenSource {
  return {
    getAccessToken: async () => accessToken,
    refreshAfterRejection: async () => {
      throw new CcOAuthError("invalid_token", 401, "Constant Contact refused a token it had just issued.");
    },
  };
}
