// The control routes every sandbox has, with the same bodies and answers: faults, call counts and the clock.
// Each provider adds its own (seed, inspect, "a person did something in the provider's screens") next to these.
import { z } from "zod";
import type { CallCounter } from "../call-counter";
import type { ClockedState } from "../clocked-state";
import { faultsBodySchema, type FaultInjector } from "../faults";
import { json, type Router } from "../http";
import { readControlJson } from "./control-body";

export function addCommonControlRoutes<const K extends string>(
  router: Router,
  deps: {
    state: ClockedState;
    faults: FaultInjector<K>;
    faultKinds: readonly [K, ...K[]];
    calls: CallCounter;
    /** What GET /__control/calls answers (default: totals per endpoint pattern). */
    callsView?: () => unknown;
    /** Also run by POST /__control/calls/reset (e.g. to clear rate statistics). */
    onCallsReset?: () => void;
  },
): void {
  const { state, faults, calls } = deps;
  const clock = () => ({ now: new Date(state.now()).toISOString(), offsetMs: state.clockOffsetMs });
  router
    .add("GET", "/__control/faults", () => json(200, { faults: faults.list() }))
    .add("POST", "/__control/faults", async (ctx) => {
      const input = await readControlJson(ctx.req, faultsBodySchema(deps.faultKinds));
      return json(201, { faults: faults.addAll(input) });
    })
    .add("DELETE", "/__control/faults", () => (faults.clear(), json(200, { ok: true })))
    .add("GET", "/__control/calls", () => json(200, deps.callsView ? deps.callsView() : calls.snapshot()))
    .add("POST", "/__control/calls/reset", () => {
      calls.reset();
      deps.onCallsReset?.();
      return json(200, { ok: true });
    })
    .add("GET", "/__control/clock", () => json(200, clock()))
    .add("POST", "/__control/clock", async (ctx) => {
      // Moves the sandbox's time forward (codes and tokens expire, background work completes) without waiting.
      const input = await readControlJson(ctx.req, z.object({ advanceMs: z.number().int().min(0) }).strict());
      state.clockOffsetMs += input.advanceMs;
      state.touch();
      return json(200, clock());
    });
}
