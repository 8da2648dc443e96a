// Injected failures, so the app's retry, backoff and reconnect paths can be exercised on demand.
import { randomUUID } from "node:crypto";
import { z } from "zod";

export const FaultInput = z
  .object({
    kind: z.enum(["throttled", "quota_exceeded", "500", "503", "delay", "drop"]),
    /** Affect the next `count` matching calls... */
    count: z.number().int().positive().optional(),
    /** ...or every matching call for this long. Neither: just the next call. */
    durationMs: z.number().int().positive().optional(),
    /** Only calls whose path starts with this, e.g. "/v3/activities" or "/oauth2/default/v1/token". */
    pathPrefix: z.string().startsWith("/").optional(),
    /** Only calls with this method. */
    method: z.string().toUpperCase().optional(),
    /** Let this many matching calls through first (e.g. fault the second page of a scan, not the first). */
    after: z.number().int().min(0).optional(),
    /** For `delay`: how long to stall before answering normally. */
    delayMs: z.number().int().min(0).max(120_000).optional(),
  })
  .strict();
export type FaultInput = z.infer<typeof FaultInput>;

export interface Fault extends FaultInput {
  faultId: string;
  remaining: number | null;
  until: number | null;
  /** Matching calls still to let through before the fault starts. */
  skip: number;
}

export class FaultInjector {
  private faults: Fault[] = [];

  constructor(private readonly now: () => number) {}

  add(input: FaultInput): Fault {
    const fault: Fault = {
      ...input,
      faultId: randomUUID(),
      remaining: input.count ?? (input.durationMs ? null : 1),
      until: input.durationMs ? this.now() + input.durationMs : null,
      skip: input.after ?? 0,
    };
    this.faults.push(fault);
    return fault;
  }

  list(): Fault[] {
    this.dropSpent();
    return this.faults;
  }

  clear(): void {
    this.faults = [];
  }

  /** The fault that hits this call (consuming one use of it), if any. */
  take(method: string, path: string): Fault | null {
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
