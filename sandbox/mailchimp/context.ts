// The services every handler of the Mailchimp sandbox may use, created once per running sandbox.
import { CallCounter } from "../call-counter";
import { FaultInjector } from "../faults";
import { ConnectionLimiter } from "./connections";
import type { RegisteredApp } from "./model";
import { pickMailchimpConfig, type MailchimpSandboxConfig, type MailchimpSandboxOptions } from "./options";
import { MailchimpState } from "./state";
import { WebhookDispatcher } from "./webhooks/dispatcher";

/**
 * The faults POST /__control/faults can inject into `/3.0` and `/oauth2` calls: `429` (Too Many Requests), `403` (the
 * bare 403 with no body Mailchimp's edge sends at very high volume), `500`, `503`, `delay` (stall, then answer) and
 * `drop` (reset the connection).
 */
export const MC_FAULT_KINDS = ["429", "403", "500", "503", "delay", "drop"] as const;
export type McFaultKind = (typeof MC_FAULT_KINDS)[number];

export interface McSandbox {
  state: MailchimpState;
  /** Live limits and timings; POST /__control/config changes them in place. */
  config: MailchimpSandboxConfig;
  options: MailchimpSandboxOptions;
  clients: RegisteredApp[];
  faults: FaultInjector<McFaultKind>;
  calls: CallCounter;
  connections: ConnectionLimiter;
  webhooks: WebhookDispatcher;
  /** Where the sandbox is reached (`api_endpoint`, links, batch result URLs); set once it listens. */
  origin: string;
  now(): number;
}

export function createMailchimpSandbox(options: MailchimpSandboxOptions): McSandbox {
  const state = new MailchimpState(options.clock);
  const config = pickMailchimpConfig(options);
  const now = () => state.now();
  return {
    state,
    config,
    options,
    clients: options.clients,
    faults: new FaultInjector<McFaultKind>(now),
    calls: new CallCounter(),
    connections: new ConnectionLimiter(),
    webhooks: new WebhookDispatcher(state, () => config),
    origin: options.publicUrl ?? `http://${options.host}:${options.port}`,
    now,
  };
}

export function findApp(sandbox: McSandbox, clientId: string): RegisteredApp | undefined {
  return sandbox.clients.find((app) => app.clientId === clientId);
}
