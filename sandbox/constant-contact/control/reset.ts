// Back to the state the sandbox started with: seed data, no faults, no counted calls, start-up limits.
import type { Sandbox } from "../context";
import { pickConfig } from "../options";
import { seedDemo } from "../seed";

export function resetSandbox(sandbox: Sandbox): void {
  sandbox.state.clear();
  sandbox.state.clockOffsetMs = 0;
  if (sandbox.options.seed) seedDemo(sandbox.state);
  sandbox.faults.clear();
  sandbox.calls.reset();
  sandbox.rateLimiter.reset();
  Object.assign(sandbox.config, pickConfig(sandbox.options));
}
