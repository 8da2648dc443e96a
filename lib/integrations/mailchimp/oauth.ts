import "server-only";
// Mailchimp's OAuth 2 authorization-code flow, written out by hand: its token answer has no `token_type` and
// `expires_in: 0` (tokens never expire, there is no refresh token), which a standards-strict client library refuses,
// and after the exchange a metadata call names the account's data center and API endpoint. There is no PKCE and no
// revoke endpoint.
import { McOAuthError } from "./errors";
import type { McConfig } from "./config";
import { MetadataSchema, TokenSchema, type Metadata } from "./schemas";

export function buildAuthorizationUrl(state: string, config: McConfig): URL {
  const url = new URL(`${config.oauthBaseUrl}/authorize`);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("client_id", config.clientId);
  url.searchParams.set("redirect_uri", config.redirectUri);
  url.searchParams.set("state", state);
  return url;
}

/** The code from the callback, exchanged for the account's access token (client credentials in the form body). */
export async function exchangeAuthorizationCode(code: string, config: McConfig): Promise<string> {
  const response = await fetch(`${config.oauthBaseUrl}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      client_id: config.clientId,
      client_secret: config.clientSecret,
      redirect_uri: config.redirectUri,
      code,
    }),
    signal: AbortSignal.timeout(15_000),
  });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const error = typeof body?.error === "string" ? body.error : `http_${response.status}`;
    throw new McOAuthError(error);
  }
  const parsed = TokenSchema.safeParse(body);
  if (!parsed.success) throw new McOAuthError("invalid_response", "Mailchimp's token answer had no access token.");
  return parsed.data.access_token;
}

/**
 * Which account a token belongs to, and the API endpoint its calls must go to. An invalid token may get HTTP 200 with
 * `{"error": "invalid_token"}`: the body is checked, not only the status.
 */
export async function readMetadata(accessToken: string, config: McConfig): Promise<Metadata> {
  const response = await fetch(`${config.oauthBaseUrl}/metadata`, {
    headers: { authorization: `OAuth ${accessToken}`, accept: "application/json" },
    signal: AbortSignal.timeout(15_000),
  });
  const body = await response.json().catch(() => null);
  if (!response.ok || (body && typeof body.error === "string"))
    throw new McOAuthError(typeof body?.error === "string" ? body.error : `http_${response.status}`);
  const parsed = MetadataSchema.safeParse(body);
  if (!parsed.success) throw new McOAuthError("invalid_response", "Mailchimp's metadata answer was not understood.");
  return parsed.data;
}
