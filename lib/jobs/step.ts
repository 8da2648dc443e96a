// The step type job handlers are written against. Inngest provides it in production (adapted in
// inngest/to-sync-step.ts); the local runner (inngest/local-runner.ts) provides the same calls in-process, so each
// handler has one implementation.

/**
 * The part of Inngest's step tools our handlers use. Step results must be plain JSON (Inngest memoizes them), so
 * `run` only accepts work whose result is JSON: a Date or a class instance would come back changed after a replay.
 */
export type SyncStep = {
  run<T extends JsonValue | void>(id: string, fn: () => Promise<T>): Promise<T>;
  sleep(id: string, ms: number): Promise<void>;
};

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue | undefined };

export type HandlerArgs<TData> = { event: { data: TData }; step: SyncStep };
