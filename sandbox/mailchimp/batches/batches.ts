// /batches: operations run in the background, one batch at a time per account. A batch's progress is a function of
// the sandbox clock: pending while earlier batches of the account run, then over `batchBaseMs + operations ×
// batchMsPerOperation` pending (first 10%) → preprocessing (10%) → started (70%, operations finishing at an even
// pace) → finalizing (last 10%) → finished; its operations run through the same handlers as
// HTTP calls, as the account, when the first request after its end arrives (nothing runs on a timer). The results are
// a gzipped tar of JSON files, each an array of `{status_code, operation_id, response}` with `response` a JSON string.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { json, type Reply, type Router } from "../../http";
import { parseBody } from "../api/body";
import type { ApiContext, ApiHandler } from "../api/context";
import { executeApi } from "../api/execute";
import { links, mcTime, page, paging } from "../api/format";
import type { McSandbox } from "../context";
import { hexId } from "../ids";
import type { Batch, BatchResult } from "../model";
import { notFound } from "../problem";
import { tarGz } from "./tar";

/** Results per JSON file in the archive. */
const RESULTS_PER_FILE = 500;

const Operation = z
  .object({
    method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]),
    path: z.string().min(1),
    params: z.record(z.string(), z.unknown()).optional(),
    // The body is a JSON *string*, not an object (a common mistake that Mailchimp refuses).
    body: z.string().optional(),
    operation_id: z.string().optional(),
  })
  .passthrough();
const BatchBody = z.object({ operations: z.array(Operation).min(1) }).passthrough();

export type BatchStatus = "pending" | "preprocessing" | "started" | "finalizing" | "finished";

export function batchProgress(batch: Batch, now: number): { status: BatchStatus; finished: number } {
  const total = batch.operations.length;
  if (batch.results) return { status: "finished", finished: total };
  if (now < batch.startsAt) return { status: "pending", finished: 0 };
  const phase = (now - batch.startsAt) / Math.max(1, batch.durationMs);
  if (phase < 0.1) return { status: "pending", finished: 0 };
  if (phase < 0.2) return { status: "preprocessing", finished: 0 };
  if (phase < 0.9) return { status: "started", finished: Math.min(total, Math.floor((total * (phase - 0.2)) / 0.7)) };
  return { status: "finalizing", finished: total };
}

export function batchView(sandbox: McSandbox, batch: Batch) {
  const { status, finished } = batchProgress(batch, sandbox.now());
  return {
    id: batch.id,
    status,
    total_operations: batch.operations.length,
    finished_operations: finished,
    errored_operations: batch.results ? batch.results.filter((r) => r.status_code >= 400).length : 0,
    submitted_at: mcTime(batch.submittedAt),
    completed_at: mcTime(batch.completedAt),
    response_body_url: batch.results ? `${sandbox.origin}/batch-results/${batch.id}.tar.gz` : "",
    _links: links(sandbox, `/batches/${batch.id}`, [
      ["parent", "/batches", "GET"],
      ["delete", `/batches/${batch.id}`, "DELETE"],
    ]),
  };
}

function accountBatches(ctx: ApiContext): Batch[] {
  return [...ctx.sandbox.state.batches.values()].filter((b) => b.userId === ctx.store.account.userId);
}

function batchOf(ctx: ApiContext): Batch {
  const batch = ctx.sandbox.state.batches.get(ctx.params.batch_id ?? "");
  if (!batch || batch.userId !== ctx.store.account.userId) throw notFound();
  return batch;
}

export async function startBatch(ctx: ApiContext): Promise<Reply> {
  const input = parseBody(BatchBody, await ctx.body());
  const now = ctx.sandbox.now();
  const { batchBaseMs, batchMsPerOperation } = ctx.sandbox.config;
  // One batch at a time per account: this one starts when the last queued one ends.
  const queueEnd = accountBatches(ctx)
    .filter((b) => !b.results)
    .reduce((end, b) => Math.max(end, b.startsAt + b.durationMs), now);
  const batch: Batch = {
    id: hexId(10),
    userId: ctx.store.account.userId,
    operations: input.operations.map((op) => ({
      method: op.method,
      path: op.path,
      params: op.params ?? null,
      body: op.body ?? null,
      operationId: op.operation_id ?? null,
    })),
    submittedAt: now,
    startsAt: queueEnd,
    durationMs: batchBaseMs + input.operations.length * batchMsPerOperation,
    results: null,
    completedAt: null,
  };
  ctx.sandbox.state.batches.set(batch.id, batch);
  ctx.sandbox.state.touch();
  return json(200, batchView(ctx.sandbox, batch));
}

export function listBatches(ctx: ApiContext): Reply {
  const batches = accountBatches(ctx); // in submission order
  return json(200, {
    batches: page(batches, paging(ctx.url)).map((b) => batchView(ctx.sandbox, b)),
    total_items: batches.length,
    _links: links(ctx.sandbox, "/batches", [["create", "/batches", "POST"]]),
  });
}

export function getBatch(ctx: ApiContext): Reply {
  return json(200, batchView(ctx.sandbox, batchOf(ctx)));
}

/** Stops a batch (its operations never run if it had not finished) and forgets its results. */
export function deleteBatch(ctx: ApiContext): Reply {
  const batch = batchOf(ctx);
  ctx.sandbox.state.batches.delete(batch.id);
  ctx.sandbox.state.touch();
  return { status: 204 };
}

/** The archive of a finished batch, or null (unknown, deleted or not finished). */
export function batchArchive(sandbox: McSandbox, id: string): Buffer | null {
  const batch = sandbox.state.batches.get(id);
  if (!batch?.results) return null;
  const files: { name: string; content: string }[] = [];
  for (let i = 0; i < batch.results.length; i += RESULTS_PER_FILE)
    files.push({
      name: `${batch.id}/${files.length + 1}.json`,
      content: JSON.stringify(batch.results.slice(i, i + RESULTS_PER_FILE)),
    });
  return tarGz(files, batch.completedAt ?? sandbox.now());
}

/** Runs the operations of every batch whose time is up. Serialised: concurrent requests wait for one run. */
export class BatchRunner {
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly sandbox: McSandbox,
    private readonly router: Router<ApiHandler>,
  ) {}

  settle(): Promise<void> {
    const now = this.sandbox.now();
    const due = [...this.sandbox.state.batches.values()].some((b) => !b.results && b.startsAt + b.durationMs <= now);
    if (!due) return this.running;
    this.running = this.running.then(() => this.runDue());
    return this.running;
  }

  private async runDue(): Promise<void> {
    const now = this.sandbox.now();
    const due = [...this.sandbox.state.batches.values()]
      .filter((b) => !b.results && b.startsAt + b.durationMs <= now)
      .sort((a, b) => a.startsAt - b.startsAt);
    for (const batch of due) {
      const store = this.sandbox.state.store(batch.userId);
      const results: BatchResult[] = [];
      for (const op of batch.operations) {
        if (!store) break;
        const query = new URLSearchParams();
        for (const [key, value] of Object.entries(op.params ?? {}))
          query.append(key, Array.isArray(value) ? value.join(",") : String(value));
        const path = `/${op.path.replace(/^\/+/, "").replace(/^3\.0\//, "")}`.split("?")[0] ?? "/";
        const outcome = await executeApi(this.sandbox, this.router, {
          method: op.method,
          path,
          query,
          readBody: async () => op.body ?? undefined,
          requestId: randomUUID(),
          store,
          source: "api",
          internal: true,
        });
        for (const task of outcome.afterResponse) task();
        const { reply } = outcome;
        results.push({
          status_code: reply.status,
          operation_id: op.operationId,
          response: reply.json === undefined ? "" : JSON.stringify(reply.json),
        });
      }
      // Deleted while it ran? Then its results are gone with it.
      if (!this.sandbox.state.batches.has(batch.id)) continue;
      batch.results = results;
      batch.completedAt = batch.startsAt + batch.durationMs;
      this.sandbox.state.touch();
    }
  }
}
