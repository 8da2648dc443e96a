// Issuing and checking tokens. Access tokens are HS256 JWTs that also have a server-side record, so revoking a
// grant kills its access tokens at once (as CC's introspection-backed API gateway does).
import { randomBytes, randomUUID } from "node:crypto";
import type { Sandbox } from "../context";
import { signJwt, verifyJwt } from "../jwt";
import type { Grant } from "../model";
import type { AccountStore, SandboxState } from "../state";

export const ISSUER = "https://authz.constantcontact.com/oauth2/default";
/** Refresh tokens (long-lived or rotating) expire after 180 days without use. */
export const REFRESH_TOKEN_IDLE_MS = 180 * 24 * 60 * 60 * 1000;

export interface TokenResponse {
  access_token: string;
  token_type: "Bearer";
  expires_in: number;
  scope: string;
  refresh_token?: string;
  id_token?: string;
}

/** New access token, and (with offline_access) a new refresh token that replaces every earlier one of the grant. */
export function issueTokens(sandbox: Sandbox, grant: Grant): TokenResponse {
  const { state } = sandbox;
  const now = state.now();
  const store = state.store(grant.accountId);
  const ttl = sandbox.config.accessTokenTtlSeconds;
  const jti = `AT.${randomUUID()}`;
  const iat = Math.floor(now / 1000);
  const claims = {
    ver: 1,
    jti,
    iss: ISSUER,
    aud: "https://api.cc.email/v3",
    iat,
    exp: iat + ttl,
    cid: grant.clientId,
    uid: grant.accountId,
    scp: grant.scopes,
    sub: store?.account.email ?? grant.accountId,
    platform_user_id: grant.accountId,
  };
  state.accessTokens.set(jti, { jti, grantId: grant.grantId, expiresAt: now + ttl * 1000, revokedAt: null });
  const response: TokenResponse = {
    access_token: signJwt(claims, state.jwtSecret),
    token_type: "Bearer",
    expires_in: ttl,
    scope: grant.scopes.join(" "),
  };
  if (grant.scopes.includes("offline_access")) {
    const refreshToken = randomBytes(32).toString("base64url");
    state.refreshTokens.set(refreshToken, grant.grantId);
    grant.currentRefreshToken = refreshToken;
    grant.refreshTokenLastUsedAt = now;
    response.refresh_token = refreshToken;
  }
  if (grant.scopes.includes("openid")) {
    response.id_token = signJwt(
      { iss: ISSUER, aud: grant.clientId, sub: claims.sub, iat, exp: iat + 3600 },
      state.jwtSecret,
    );
  }
  state.touch();
  return response;
}

export interface AccessContext {
  grant: Grant;
  store: AccountStore;
  scopes: string[];
}

/** The grant behind a bearer token, or null when the token is forged, expired, revoked or its grant is gone. */
export function verifyAccessToken(state: SandboxState, token: string): AccessContext | null {
  const claims = verifyJwt(token, state.jwtSecret);
  if (!claims || typeof claims.jti !== "string") return null;
  const record = state.accessTokens.get(claims.jti);
  if (!record || record.revokedAt !== null || record.expiresAt <= state.now()) return null;
  const grant = state.grants.get(record.grantId);
  if (!grant || grant.revokedAt !== null) return null;
  const store = state.store(grant.accountId);
  if (!store) return null;
  return { grant, store, scopes: grant.scopes };
}

/** Kills the grant: its refresh token stops working and so do all its access tokens. */
export function revokeGrant(state: SandboxState, grant: Grant): void {
  const now = state.now();
  grant.revokedAt ??= now;
  grant.currentRefreshToken = null;
  for (const record of state.accessTokens.values()) if (record.grantId === grant.grantId) record.revokedAt ??= now;
  state.touch();
}

/** Drops expired records so a long-running demo does not grow without bound. */
export function pruneTokens(state: SandboxState): void {
  const now = state.now();
  for (const [jti, record] of state.accessTokens)
    if (record.expiresAt < now - 24 * 3600 * 1000) state.accessTokens.delete(jti);
  for (const [code, record] of state.codes) if (record.expiresAt < now - 3600 * 1000) state.codes.delete(code);
  for (const [id, pending] of state.pendingAuthorizations)
    if (pending.createdAt < now - 3600 * 1000) state.pendingAuthorizations.delete(id);
}
