import { beforeAll, describe, expect, it, vi } from "vitest";

// What Inngest is told when it registers our functions (the PUT /api/inngest payload, built by each function's
// getConfig): every function's flow control as a whole, with the settings read from env at module load.
type FunctionConfig = {
  id: string;
  triggers: unknown[];
  steps: Record<string, { retries?: { attempts: number } }>;
  [key: string]: unknown;
};
let configs: Map<string, FunctionConfig>;

beforeAll(async () => {
  vi.stubEnv("SYNC_DEBOUNCE_SECONDS", "17");
  vi.resetModules();
  const { functions } = await import("./index");
  const { inngest } = await import("@/lib/jobs/inngest-client");
  configs = new Map(
    functions.map((fn) => {
      const config = (
        fn as unknown as { getConfig(o: { baseUrl: URL; appPrefix: string }): FunctionConfig[] }
      ).getConfig({ baseUrl: new URL("https://studio.example.com/api/inngest"), appPrefix: inngest.id })[0]!;
      return [config.id, config];
    }),
  );
  vi.unstubAllEnvs();
});

/** The function's registered configuration without the step URL (which only says where the app is served). */
function registered(id: string) {
  const config = configs.get(`studio-manager-${id}`);
  if (!config) throw new Error(`no function ${id}: ${[...configs.keys()].join(", ")}`);
  const { steps, name: _name, id: _id, ...rest } = config;
  void _name;
  void _id;
  const retries = Object.values(steps)[0]?.retries;
  return { ...JSON.parse(JSON.stringify(rest)), ...(retries ? { retries } : {}) };
}

// There is no throttle: each provider's API client passes its provider's limiter (see inngest/jobs.ts).
const onePerConnection = { key: "'sync-' + event.data.connectionId", limit: 1, scope: "env" };
const cancelOnDisconnect = [
  { event: "sync/connection.disconnected", if: "event.data.connectionId == async.data.connectionId" },
];

describe("the Inngest functions as registered", () => {
  it("serves exactly these seven functions", () => {
    expect([...configs.keys()].sort()).toEqual(
      ["mail-outbox-sweep", "pull", "push", "push-now", "reconcile-sweep", "schedule-pulls", "send-mail"].map(
        (id) => `studio-manager-${id}`,
      ),
    );
  });

  it("push: debounced per connection by the setting, one run per connection, cancelled on disconnect, no throttle", () => {
    expect(registered("push")).toEqual({
      triggers: [{ event: "sync/push.requested" }],
      debounce: { key: "event.data.connectionId", period: "17s", timeout: "5m" },
      concurrency: onePerConnection,
      cancel: cancelOnDisconnect,
      retries: { attempts: 5 },
    });
  });

  it("push-now: the same, not debounced, sharing the per-connection concurrency key", () => {
    expect(registered("push-now")).toEqual({
      triggers: [{ event: "sync/push.now" }],
      concurrency: onePerConnection,
      cancel: cancelOnDisconnect,
      retries: { attempts: 5 },
    });
  });

  it("pull: one at a time per connection", () => {
    expect(registered("pull")).toEqual({
      triggers: [{ event: "sync/pull.requested" }],
      concurrency: { key: "'pull-' + event.data.connectionId", limit: 1 },
      retries: { attempts: 3 },
    });
  });

  it("the crons: pulls every 5 minutes, the sweep daily at 03:30 UTC and on demand, one of each at a time", () => {
    // No retries set: Inngest's default applies (a missed tick is simply the next tick's work).
    expect(registered("schedule-pulls")).toEqual({
      triggers: [{ cron: "*/5 * * * *" }],
      concurrency: { limit: 1 },
    });
    expect(registered("reconcile-sweep")).toEqual({
      triggers: [{ cron: "TZ=UTC 30 3 * * *" }, { event: "sync/reconcile.requested" }],
      concurrency: { limit: 1 },
    });
  });

  it("mail: one delivery per outbox email at a time with retries, and the outbox swept every minute, one sweep at a time", () => {
    expect(registered("send-mail")).toEqual({
      triggers: [{ event: "mail/send.requested" }],
      concurrency: { key: "'mail-' + event.data.outboxId", limit: 1 },
      retries: { attempts: 5 },
    });
    expect(registered("mail-outbox-sweep")).toEqual({ triggers: [{ cron: "*/1 * * * *" }], concurrency: { limit: 1 } });
  });
});
