// The scopes CC's authorization server knows. `offline_access` is what makes it hand out a refresh token.
export const KNOWN_SCOPES = [
  "contact_data",
  "campaign_data",
  "account_read",
  "account_update",
  "offline_access",
  "openid",
  "profile",
];

export function parseScopes(raw: string): string[] {
  return [...new Set(raw.split(/\s+/).filter(Boolean))];
}

export function unknownScopes(scopes: string[]): string[] {
  return scopes.filter((scope) => !KNOWN_SCOPES.includes(scope));
}
