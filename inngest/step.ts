/**
 * The part of Inngest's step tools our handlers use. Inngest provides it in production; the local runner
 * (inngest/local-runner.ts) provides the same calls in-process, so each handler has one implementation.
 * Step results must be plain JSON (they are memoized by Inngest).
 */
export type SyncStep = {
  run<T>(id: string, fn: () => Promise<T>): Promise<T>;
  sleep(id: string, ms: number): Promise<void>;
};

export type HandlerArgs<TData> = { event: { data: TData }; step: SyncStep };
