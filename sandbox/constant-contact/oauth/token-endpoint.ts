// POST /oauth2/default/v1/token: authorization_code and refresh_token grants, HTTP Basic client auth, 1 request per
// second per client id. Codes are single use and bound to client, redirect_uri and PKCE verifier; refresh tokens rotate.
import { createHash, randomUUID } from "node:crypto";
import { z } from "zod";
import type { Sandbox } from "../context";
import { json, type Reply, type RequestContext } from "../../http";
import type { RegisteredClient } from "../options";
import { authenticateClient, readForm } from "./form-body";
import { invalidGrant, oauthError } from "./oauth-errors";
import { parseScopes } from "./scopes";
import { issueTokens, REFRESH_TOKEN_IDLE_MS, revokeGrant } from "./tokens";

const TokenForm = z.discriminatedUnion("grant_type", [
  z.object({
    grant_type: z.literal("authorization_code"),
    code: z.string().min(1),
    redirect_uri: z.string().min(1),
    code_verifier: z.string().optional(),
  }),
  z.object({ grant_type: z.literal("refresh_token"), refresh_token: z.string().min(1), scope: z.string().optional() }),
]);

export async function token(sandbox: Sandbox, ctx: RequestContext): Promise<Reply> {
  const client = authenticateClient(sandbox, ctx.req);
  if (!sandbox.rateLimiter.checkToken(client.clientId)) {
    throw oauthError(429, "rate_limit_exceeded", "API call exceeded rate limit due to too many requests.");
  }
  const form = Object.fromEntries(await readForm(ctx.req));
  const grantType = form.grant_type;
  if (grantType !== "authorization_code" && grantType !== "refresh_token") {
    throw oauthError(
      400,
      grantType ? "unsupported_grant_type" : "invalid_request",
      grantType ? `The grant type '${grantType}' is not supported.` : "The grant_type parameter is required.",
    );
  }
  const parsed = TokenForm.safeParse(form);
  if (!parsed.success) {
    throw oauthError(
      400,
      "invalid_request",
      `Missing or invalid parameter: ${parsed.error.issues.map((i) => i.path.join(".")).join(", ")}`,
    );
  }
  const body = parsed.data;
  const response =
    body.grant_type === "authorization_code"
      ? exchangeCode(sandbox, client, body.code, body.redirect_uri, body.code_verifier)
      : refresh(sandbox, client, body.refresh_token, body.scope);
  return json(200, response, { "cache-control": "no-store", pragma: "no-cache" });
}

function exchangeCode(
  sandbox: Sandbox,
  client: RegisteredClient,
  code: string,
  redirectUri: string,
  verifier: string | undefined,
) {
  const { state } = sandbox;
  const record = state.codes.get(code);
  if (!record || record.clientId !== client.clientId)
    throw invalidGrant("The authorization code is invalid or has expired.");
  if (record.usedAt !== null) {
    // RFC 6749 §4.1.2: a code used twice is a sign of theft, so the tokens it produced are revoked too.
    const grant = record.grantId ? state.grants.get(record.grantId) : undefined;
    if (grant) revokeGrant(state, grant);
    throw invalidGrant("The authorization code is invalid or has expired.");
  }
  if (record.expiresAt <= state.now()) throw invalidGrant("The authorization code is invalid or has expired.");
  if (record.redirectUri !== redirectUri) {
    throw invalidGrant("The 'redirect_uri' does not match the redirection URI used in the authorization request.");
  }
  if (record.codeChallenge !== null || verifier !== undefined) {
    const computed = verifier ? createHash("sha256").update(verifier).digest("base64url") : null;
    if (computed === null || computed !== record.codeChallenge) throw invalidGrant("PKCE verification failed.");
  }
  record.usedAt = state.now();
  const grant = {
    grantId: randomUUID(),
    clientId: client.clientId,
    accountId: record.accountId,
    scopes: record.scopes,
    createdAt: state.now(),
    revokedAt: null,
    currentRefreshToken: null,
    refreshTokenLastUsedAt: state.now(),
  };
  state.grants.set(grant.grantId, grant);
  record.grantId = grant.grantId;
  return issueTokens(sandbox, grant);
}

function refresh(sandbox: Sandbox, client: RegisteredClient, refreshToken: string, scope: string | undefined) {
  const { state } = sandbox;
  const grantId = state.refreshTokens.get(refreshToken);
  const grant = grantId ? state.grants.get(grantId) : undefined;
  const invalid = () => invalidGrant("The refresh token is invalid or expired.");
  if (!grant || grant.clientId !== client.clientId || grant.revokedAt !== null) throw invalid();
  // Rotation: only the newest refresh token works; an earlier one (already used) is refused.
  if (grant.currentRefreshToken !== refreshToken) throw invalid();
  if (grant.refreshTokenLastUsedAt + REFRESH_TOKEN_IDLE_MS <= state.now()) throw invalid();
  if (scope !== undefined) {
    const extra = parseScopes(scope).filter((s) => !grant.scopes.includes(s));
    if (extra.length > 0)
      throw oauthError(
        400,
        "invalid_scope",
        `The requested scope is invalid, unknown, or malformed: ${extra.join(" ")}`,
      );
  }
  return issueTokens(sandbox, grant);
}
