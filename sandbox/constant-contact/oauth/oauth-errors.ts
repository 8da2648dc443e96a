// OAuth2 errors (RFC 6749 §5.2): JSON `{error, error_description}` from the token and revoke endpoints.
import { HttpError } from "../../http";

export function oauthError(
  status: number,
  error: string,
  description: string,
  headers: Record<string, string> = {},
): HttpError {
  return new HttpError(status, { error, error_description: description }, headers);
}

export const invalidClient = () =>
  oauthError(401, "invalid_client", "Client authentication failed.", {
    "www-authenticate": 'Basic realm="authz.constantcontact.com"',
  });

export const invalidGrant = (description: string) => oauthError(400, "invalid_grant", description);

/** The authorize endpoint reports errors to the client by redirecting back (RFC 6749 §4.1.2.1). */
export function errorRedirectUrl(
  redirectUri: string,
  error: string,
  description: string,
  state: string | null,
): string {
  const url = new URL(redirectUri);
  url.searchParams.set("error", error);
  url.searchParams.set("error_description", description);
  if (state) url.searchParams.set("state", state);
  return url.toString();
}
