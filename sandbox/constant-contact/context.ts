// The services every handler may use, created once per running sandbox.
import { CallCounter } from "../call-counter";
import { FaultInjector } from "../faults";
import type { RegisteredClient, SandboxConfig, SandboxOptions } from "./options";
import { pickConfig } from "./options";
import { RateLimiter } from "./rate-limit";
import { SandboxState } from "./state";

/** The faults POST /__control/faults can inject into CC's OAuth and V3 calls. */
export const CC_FAULT_KINDS = ["throttled", "quota_exceeded", "500", "503", "delay", "drop"] as const;
export type CcFaultKind = (typeof CC_FAULT_KINDS)[number];

export interface Sandbox {
  state: SandboxState;
  /** Live limits and delays; POST /__control/config changes them in place. */
  config: SandboxConfig;
  options: SandboxOptions;
  clients: RegisteredClient[];
  rateLimiter: RateLimiter;
  faults: FaultInjector<CcFaultKind>;
  calls: CallCounter;
  now(): number;
}

export function createSandbox(options: SandboxOptions): Sandbox {
  const state = new SandboxState(options.clock);
  const config = pickConfig(options);
  const now = () => state.now();
  return {
    state,
    config,
    options,
    clients: options.clients,
    rateLimiter: new RateLimiter(() => config, now),
    faults: new FaultInjector<CcFaultKind>(now),
    calls: new CallCounter(),
    now,
  };
}

export function findClient(sandbox: Sandbox, clientId: string): RegisteredClient | undefined {
  return sandbox.clients.find((client) => client.clientId === clientId);
}
