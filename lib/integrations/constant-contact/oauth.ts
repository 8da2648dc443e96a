// Constant Contact's OAuth2 server (authorization code + PKCE S256, HTTP Basic client auth, rotating refresh
// tokens) through oauth4webapi. CC publishes no discovery document for these paths, so the metadata is written
// by hand from CC_AUTH_BASE_URL. Token responses are never logged and never put into error messages.
import "server-only";
import * as oauth from "oauth4webapi";
import { CC_SCOPES, ccConfig, isLocalHttp, type CcConfig } from "./config";
import { CcOAuthError } from "./errors";

export type TokenSet = {
  accessToken: string;
  /** Absent when CC did not rotate it (a long-lived refresh token): keep the old one. */
  refreshToken: string | null;
  expiresAt: Date;
  scope: string | null;
};

function authorizationServer(config: CcConfig): oauth.AuthorizationServer {
  const base = config.authBaseUrl.replace(/\/+$/, "");
  return {
    issuer: base.replace(/\/v1$/, ""),
    authorization_endpoint: `${base}/authorize`,
    token_endpoint: `${base}/token`,
    revocation_endpoint: `${base}/revoke`,
  };
}

function client(config: CcConfig): oauth.Client {
  return { client_id: config.clientId };
}

function requestOptions(config: CcConfig) {
  // oauth4webapi refuses plain http; only the local sandbox may use it.
  return { [oauth.allowInsecureRequests]: isLocalHttp(config.authBaseUrl), signal: () => AbortSignal.timeout(15_000) };
}

/** A fresh PKCE verifier (43 characters of base64url randomness); only its S256 hash leaves the server. */
export function generateCodeVerifier(): string {
  return oauth.generateRandomCodeVerifier();
}

export async function buildAuthorizationUrl(
  input: { state: string; codeVerifier: string },
  config: CcConfig = ccConfig(),
): Promise<URL> {
  const url = new URL(authorizationServer(config).authorization_endpoint!);
  url.searchParams.set("client_id", config.clientId);
  url.searchParams.set("redirect_uri", config.redirectUri);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("scope", CC_SCOPES.join(" "));
  url.searchParams.set("state", input.state);
  url.searchParams.set("code_challenge", await oauth.calculatePKCECodeChallenge(input.codeVerifier));
  url.searchParams.set("code_challenge_method", "S256");
  return url;
}

function toTokenSet(response: oauth.TokenEndpointResponse, now: number): TokenSet {
  // CC's access tokens live 24 hours; assume that if expires_in is missing.
  const expiresIn = typeof response.expires_in === "number" ? response.expires_in : 86_400;
  return {
    accessToken: response.access_token,
    refreshToken: response.refresh_token ?? null,
    expiresAt: new Date(now + expiresIn * 1000),
    scope: response.scope ?? null,
  };
}

/** Turns whatever oauth4webapi threw into a CcOAuthError without any token or raw body in it. */
function oauthFailure(error: unknown): CcOAuthError {
  if (error instanceof oauth.ResponseBodyError) return new CcOAuthError(error.error, error.status);
  if (error instanceof oauth.AuthorizationResponseError) return new CcOAuthError(error.error, 400);
  if (error instanceof CcOAuthError) return error;
  const name = error instanceof Error ? error.name : "Error";
  return new CcOAuthError(
    "request_failed",
    0,
    `Constant Contact's token endpoint could not be reached or answered unexpectedly (${name}).`,
  );
}

/** The token endpoint allows 1 request/second per API key: a 429 there is worth one or two short waits. */
async function withTokenEndpointRetry<T>(
  call: () => Promise<T>,
  sleep = (ms: number) => new Promise((r) => setTimeout(r, ms)),
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const failure = oauthFailure(error);
      const transient = failure.status === 429 || failure.status >= 500;
      if (!transient || attempt >= 2) throw failure;
      await sleep(1_100 * (attempt + 1) + Math.random() * 300);
    }
  }
}

/**
 * The callback's code exchange. `callbackParams` are the query of the redirect back from CC; the caller has already
 * checked `state` against the database, and passes it so oauth4webapi checks it matches too.
 */
export async function exchangeAuthorizationCode(
  input: { callbackParams: URLSearchParams; expectedState: string; codeVerifier: string },
  config: CcConfig = ccConfig(),
): Promise<TokenSet> {
  const as = authorizationServer(config);
  const c = client(config);
  let params: URLSearchParams;
  try {
    params = oauth.validateAuthResponse(as, c, input.callbackParams, input.expectedState);
  } catch (error) {
    throw oauthFailure(error);
  }
  return withTokenEndpointRetry(async () => {
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      c,
      oauth.ClientSecretBasic(config.clientSecret),
      params,
      config.redirectUri,
      input.codeVerifier,
      requestOptions(config),
    );
    return toTokenSet(await oauth.processAuthorizationCodeResponse(as, c, response), Date.now());
  });
}

/** A refresh. With rotating refresh tokens the answer's refresh token replaces the old one, which stops working. */
export async function refreshAccessToken(refreshToken: string, config: CcConfig = ccConfig()): Promise<TokenSet> {
  const as = authorizationServer(config);
  const c = client(config);
  return withTokenEndpointRetry(async () => {
    const response = await oauth.refreshTokenGrantRequest(
      as,
      c,
      oauth.ClientSecretBasic(config.clientSecret),
      refreshToken,
      requestOptions(config),
    );
    return toTokenSet(await oauth.processRefreshTokenResponse(as, c, response), Date.now());
  });
}

/** RFC 7009 revoke. Best effort by design: callers ignore the outcome beyond logging it (without the token). */
export async function revokeToken(
  token: string,
  config: CcConfig = ccConfig(),
  hint?: "refresh_token" | "access_token",
): Promise<boolean> {
  const as = authorizationServer(config);
  try {
    const response = await oauth.revocationRequest(
      as,
      client(config),
      oauth.ClientSecretBasic(config.clientSecret),
      token,
      {
        ...requestOptions(config),
        ...(hint ? { additionalParameters: { token_type_hint: hint } } : {}),
      },
    );
    await oauth.processRevocationResponse(response);
    return true;
  } catch (error) {
    console.warn(`Revoking a Constant Contact token failed: ${oauthFailure(error).message}`);
    return false;
  }
}
