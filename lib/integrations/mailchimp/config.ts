import "server-only";
import { env, mcRedirectUri } from "../../env";

/**
 * Where Mailchimp's login server is and who we are (the platform's registered app). Functions take it as an argument
 * with an `env()`-based default, so tests can point them at a sandbox started on a random port.
 */
export type McConfig = {
  clientId: string;
  clientSecret: string;
  /** https://login.mailchimp.com/oauth2 (authorize, token and metadata live under it). */
  oauthBaseUrl: string;
  /** The API endpoints a token may be sent to (the metadata call names the account's). */
  apiEndpointPattern: RegExp;
  redirectUri: string;
};

/** The settings, or null when this platform has no Mailchimp app (production without MC_CLIENT_ID). */
export function mcConfigOrNull(): McConfig | null {
  const e = env();
  if (!e.MC_CLIENT_ID || !e.MC_CLIENT_SECRET || !e.MC_OAUTH_BASE_URL || !e.MC_API_ENDPOINT_PATTERN) return null;
  return {
    clientId: e.MC_CLIENT_ID,
    clientSecret: e.MC_CLIENT_SECRET,
    oauthBaseUrl: e.MC_OAUTH_BASE_URL.replace(/\/+$/, ""),
    apiEndpointPattern: new RegExp(e.MC_API_ENDPOINT_PATTERN),
    redirectUri: mcRedirectUri(e),
  };
}

export function mcConfig(): McConfig {
  const config = mcConfigOrNull();
  if (!config) throw new Error("Mailchimp is not configured on this platform (MC_CLIENT_ID, MC_CLIENT_SECRET).");
  return config;
}
