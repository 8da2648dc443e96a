import "server-only";
import { ccRedirectUri, env } from "../../env";

/**
 * Everything the Constant Contact code needs to know about where CC is and who we are. Functions take it as an
 * argument with an `env()`-based default, so tests can point them at a sandbox started on a random port.
 */
export type CcConfig = {
  clientId: string;
  clientSecret: string;
  /** e.g. https://authz.constantcontact.com/oauth2/default/v1 (authorize, token and revoke live under it). */
  authBaseUrl: string;
  /** e.g. https://api.cc.email/v3 */
  apiBaseUrl: string;
  redirectUri: string;
};

export function ccConfig(): CcConfig {
  const e = env();
  return {
    clientId: e.CC_CLIENT_ID,
    clientSecret: e.CC_CLIENT_SECRET,
    authBaseUrl: e.CC_AUTH_BASE_URL,
    apiBaseUrl: e.CC_API_BASE_URL,
    redirectUri: ccRedirectUri(e),
  };
}

/**
 * The scopes we ask for: contacts and lists, a refresh token, the account summary (to show which account), and the
 * email campaigns' reports (to bring bounces back).
 */
export const CC_SCOPES = ["contact_data", "offline_access", "account_read", "campaign_data"] as const;

/** Plain http is only tolerated for the local sandbox; anything else must be https. */
export function isLocalHttp(url: string): boolean {
  const parsed = new URL(url);
  return parsed.protocol === "http:" && ["localhost", "127.0.0.1", "[::1]"].includes(parsed.hostname);
}
