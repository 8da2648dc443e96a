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
  vi.stubEnv("CC_CLIENT_ID", "platform-key");
  vi.stubEnv("CC_REQUESTS_PER_SECOND", "4");
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

const apiKeyThrottle = { key: "'platform-key'", limit: 4, period: "1s" };
const onePerBusiness = { key: "'sync-' + event.data.businessId", limit: 1, scope: "env" };
const cancelOnDisconnect = [
  { event: "cc/connection.disconnected", if: "event.data.businessId == async.data.businessId" },
];

describe("the Inngest functions as registered", () => {
  it("serves exactly these seven functions", () => {
    expect([...configs.keys()].sort()).toEqual(
      [
        "mail-outbox-sweep",
        "pull-unsubscribes",
        "reconcile-sweep",
        "schedule-unsubscribe-pulls",
        "send-mail",
        "sync-business",
        "sync-business-now",
      ].map((id) => `studio-manager-${id}`),
    );
  });

  it("sync-business: debounced per business by the setting, one run per business, the API key's throttle, cancelled on disconnect", () => {
    expect(registered("sync-business")).toEqual({
      triggers: [{ event: "cc/sync.requested" }],
      debounce: { key: "event.data.businessId", period: "17s", timeout: "5m" },
      concurrency: onePerBusiness,
      throttle: apiKeyThrottle,
      cancel: cancelOnDisconnect,
      retries: { attempts: 5 },
    });
  });

  it("sync-business-now: the same, not debounced, sharing the per-business concurrency key", () => {
    expect(registered("sync-business-now")).toEqual({
      triggers: [{ event: "cc/sync.now" }],
      concurrency: onePerBusiness,
      throttle: apiKeyThrottle,
      cancel: cancelOnDisconnect,
      retries: { attempts: 5 },
    });
  });

  it("pull-unsubscribes: one at a time per connection, under the API key's throttle", () => {
    expect(registered("pull-unsubscribes")).toEqual({
      triggers: [{ event: "cc/unsubscribes.pull" }],
      concurrency: { key: "event.data.connectionId", limit: 1 },
      throttle: apiKeyThrottle,
      retries: { attempts: 3 },
    });
  });

  it("the crons: pulls every 5 minutes, the sweep daily at 03:30 UTC and on demand, one sweep at a time", () => {
    // No retries set: Inngest's default applies (a missed tick is simply the next tick's work).
    expect(registered("schedule-unsubscribe-pulls")).toEqual({ triggers: [{ cron: "*/5 * * * *" }] });
    expect(registered("reconcile-sweep")).toEqual({
      triggers: [{ cron: "TZ=UTC 30 3 * * *" }, { event: "cc/reconcile.requested" }],
      concurrency: { limit: 1 },
    });
  });

  it("mail: one delivery per outbox email at a time with retries, and the outbox swept every minute, one sweep at a time", () => {
    expect(registered("send-mail")).toEqual({
      triggers: [{ event: "mail/send.requested" }],
      concurrency: { key: "event.data.outboxId", limit: 1 },
      retries: { attempts: 5 },
    });
    expect(registered("mail-outbox-sweep")).toEqual({ triggers: [{ cron: "*/1 * * * *" }], concurrency: { limit: 1 } });
  });
});
