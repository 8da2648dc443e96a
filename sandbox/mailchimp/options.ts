// Start-up options of the Mailchimp sandbox and the part of them that can change at run time
// (POST /__control/config).
import type { RegisteredApp } from "./model";

/** Limits and timings that tests tune while the server runs. */
export interface MailchimpSandboxConfig {
  /** Simultaneous API requests per account; the next one is refused with 429 (Mailchimp: 10). */
  maxConnections: number;
  /**
   * How long batch subscribe (`POST /lists/{list_id}`) holds the request per member sent, before it answers. No public
   * measurement was found; 20 ms (10 s for 500 members) is our choice, well inside Mailchimp's 120 s timeout.
   */
  batchSubscribeMsPerMember: number;
  /** A `/batches` job waits in its account's queue, then takes `batchBaseMs + operations × batchMsPerOperation`. */
  batchBaseMs: number;
  /** 60 ms: a 56,785-operation batch was applied over about an hour (drewm/mailchimp-api#178). */
  batchMsPerOperation: number;
  /**
   * Delays before each retry of a webhook delivery the app did not accept (non-2xx, unreachable, over the timeout).
   * Mailchimp retries "at increasing intervals over the course of 75 minutes"; we model that as 5, 10, 20 and 40
   * minutes and compress it 60 times by default (5 s, 10 s, 20 s, 40 s: 75 s in all). After the last, it gives up.
   */
  webhookRetryDelaysMs: number[];
  /** Mailchimp cancels a delivery (and the validation GET) that takes more than 10 seconds. */
  webhookTimeoutMs: number;
  logRequests: boolean;
}

export interface MailchimpSandboxOptions extends MailchimpSandboxConfig {
  port: number;
  host: string;
  /** Registered apps (client id, secret, redirect URIs). */
  clients: RegisteredApp[];
  stateFile?: string;
  seed: boolean;
  /** The data centre the seeded and created accounts report in metadata (`dc`). */
  dc: string;
  /**
   * The origin the sandbox names as `api_endpoint` and in links (default: where it listens). The API is always served
   * by this server; metadata names no `/3.0`.
   */
  publicUrl?: string;
  /** Milliseconds since the epoch; tests pass a fake clock to expire codes and move batches and retries on. */
  clock: () => number;
}

export const DEFAULT_MAILCHIMP_APP: RegisteredApp = {
  clientId: "sandbox-mc-client-id",
  clientSecret: "sandbox-mc-client-secret",
  appName: "Studio Manager",
  redirectUris: ["http://localhost:3000/api/integrations/mailchimp/callback"],
};

export function resolveMailchimpOptions(partial: Partial<MailchimpSandboxOptions> = {}): MailchimpSandboxOptions {
  // Spread would copy explicit `undefined`s over the defaults, so drop them first.
  const given = Object.fromEntries(Object.entries(partial).filter(([, value]) => value !== undefined));
  return {
    port: 4020,
    host: "127.0.0.1",
    clients: [DEFAULT_MAILCHIMP_APP],
    seed: true,
    dc: "us21",
    maxConnections: 10,
    batchSubscribeMsPerMember: 20,
    batchBaseMs: 2_000,
    batchMsPerOperation: 60,
    webhookRetryDelaysMs: [5_000, 10_000, 20_000, 40_000],
    webhookTimeoutMs: 10_000,
    logRequests: false,
    clock: () => Date.now(),
    ...given,
  };
}

export function pickMailchimpConfig(options: MailchimpSandboxOptions): MailchimpSandboxConfig {
  return {
    maxConnections: options.maxConnections,
    batchSubscribeMsPerMember: options.batchSubscribeMsPerMember,
    batchBaseMs: options.batchBaseMs,
    batchMsPerOperation: options.batchMsPerOperation,
    webhookRetryDelaysMs: [...options.webhookRetryDelaysMs],
    webhookTimeoutMs: options.webhookTimeoutMs,
    logRequests: options.logRequests,
  };
}
