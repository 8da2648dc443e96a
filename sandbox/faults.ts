// Injected failures, so the app's retry, backoff and reconnect paths can be exercised on demand. Each provider names
// its own kinds (CC's `throttled`, Mailchimp's `429`, ...); `delay` (stall, then answer normally) and `drop` (destroy
// the socket) mean the same everywhere, and the provider's dispatcher turns the other kinds into its error bodies.
import { randomUUID } from "node:crypto";
import { z } from "zod";

/** The body of POST /__control/faults for one fault, with the provider's kinds. */
export function faultInputSchema<const K extends string>(kinds: readonly [K, ...K[]]) {
  return z
    .object({
      kind: z.enum(kinds),
      /** Affect the next `count` matching calls... */
      count: z.number().int().positive().optional(),
      /** ...or every matching call for this long. Neither: just the next call. */
      durationMs: z.number().int().positive().optional(),
      /** Only calls whose path starts with this, e.g. "/v3/activities" or "/3.0/lists". */
      pathPrefix: z.string().startsWith("/").optional(),
      /** Only calls with this method. */
      method: z.string().toUpperCase().optional(),
      /** Let this many matching calls through first (e.g. fault the second page of a scan, not the first). */
      after: z.number().int().min(0).optional(),
      /** For `delay`: how long to stall before answering normally. */
      delayMs: z.number().int().min(0).max(120_000).optional(),
    })
    .strict();
}

/** One fault, or `{faults: [...]}` for several at once. */
export function faultsBodySchema<const K extends string>(kinds: readonly [K, ...K[]]) {
  const one = faultInputSchema(kinds);
  return z.union([one, z.object({ faults: z.array(one).min(1) }).strict()]);
}

export interface FaultInput<K extends string = string> {
  kind: K;
  count?: number;
  durationMs?: number;
  pathPrefix?: string;
  method?: string;
  after?: number;
  delayMs?: number;
}

export interface Fault<K extends string = string> extends FaultInput<K> {
  faultId: string;
  remaining: number | null;
  until: number | null;
  /** Matching calls still to let through before the fault starts. */
  skip: number;
}

export class FaultInjector<K extends string = string> {
  private faults: Fault<K>[] = [];

  constructor(private readonly now: () => number) {}

  add(input: FaultInput<K>): Fault<K> {
    const fault: Fault<K> = {
      ...input,
      faultId: randomUUID(),
      remaining: input.count ?? (input.durationMs ? null : 1),
      until: input.durationMs ? this.now() + input.durationMs : null,
      skip: input.after ?? 0,
    };
    this.faults.push(fault);
    return fault;
  }

  /** Adds the faults of a POST /__control/faults body (one, or `{faults}`). */
  addAll(input: FaultInput<K> | { faults: FaultInput<K>[] }): Fault<K>[] {
    return "faults" in input ? input.faults.map((f) => this.add(f)) : [this.add(input)];
  }

  list(): Fault<K>[] {
    this.dropSpent();
    return this.faults;
  }

  clear(): void {
    this.faults = [];
  }

  /** The fault that hits this call (consuming one use of it), if any. */
  take(method: string, path: string): Fault<K> | null {
    this.dropSpent();
    const fault = this.faults.find(
      (f) => (!f.pathPrefix || path.startsWith(f.pathPrefix)) && (!f.method || f.method === method),
    );
    if (!fault) return null;
    if (fault.skip > 0) {
      fault.skip--;
      return null;
    }
    if (fault.remaining !== null) fault.remaining--;
    return fault;
  }

  private dropSpent(): void {
    const now = this.now();
    this.faults = this.faults.filter(
      (f) => (f.remaining === null || f.remaining > 0) && (f.until === null || f.until > now),
    );
  }
}
