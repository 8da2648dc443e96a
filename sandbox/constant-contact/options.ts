// Start-up options of the sandbox and the part of them that can change at run time (POST /__control/config).

export interface RegisteredClient {
  clientId: string;
  clientSecret: string;
  /** Shown on the consent page, as CC shows the name of the app asking for access. */
  appName: string;
  /** Exact-match list: CC (Okta) compares redirect_uri byte for byte, no prefix or wildcard matching. */
  redirectUris: string[];
}

/** Limits and delays that tests tune while the server runs. */
export interface SandboxConfig {
  accessTokenTtlSeconds: number;
  requestsPerSecond: number;
  dailyQuota: number;
  tokenRequestsPerSecond: number;
  importDelayMs: number;
  logRequests: boolean;
}

export interface SandboxOptions extends SandboxConfig {
  port: number;
  host: string;
  clients: RegisteredClient[];
  stateFile?: string;
  seed: boolean;
  /** Milliseconds since the epoch; tests pass a fake clock to expire codes and tokens without waiting. */
  clock: () => number;
}

export const DEFAULT_CLIENT: RegisteredClient = {
  clientId: "sandbox-client-id",
  clientSecret: "sandbox-client-secret",
  appName: "Studio Manager",
  redirectUris: ["http://localhost:3000/api/integrations/constant-contact/callback"],
};

export function resolveOptions(partial: Partial<SandboxOptions> = {}): SandboxOptions {
  // Spread would copy explicit `undefined`s over the defaults, so drop them first.
  const given = Object.fromEntries(Object.entries(partial).filter(([, value]) => value !== undefined));
  return {
    port: 4010,
    host: "127.0.0.1",
    clients: [DEFAULT_CLIENT],
    accessTokenTtlSeconds: 86_400,
    requestsPerSecond: 4,
    dailyQuota: 10_000,
    tokenRequestsPerSecond: 1,
    importDelayMs: 2_000,
    seed: true,
    logRequests: false,
    clock: () => Date.now(),
    ...given,
  };
}

export function pickConfig(options: SandboxOptions): SandboxConfig {
  const { accessTokenTtlSeconds, requestsPerSecond, dailyQuota, tokenRequestsPerSecond, importDelayMs, logRequests } =
    options;
  return { accessTokenTtlSeconds, requestsPerSecond, dailyQuota, tokenRequestsPerSecond, importDelayMs, logRequests };
}
