import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCcClient, type CcClient } from "./api-client";
import type { CcConfig } from "./config";
import { CcNotFoundError } from "./errors";
import { constantContactSession } from "./sync-adapter";
import type { ProviderSession } from "../provider";
import {
  connect,
  control,
  fastPacer,
  listIdByName,
  startCcSandbox,
  type TestSandbox,
} from "@/tests/support/cc-sandbox";

const DAY_MS = 24 * 60 * 60 * 1000;
let sandbox: TestSandbox;
let config: CcConfig;
beforeAll(async () => {
  ({ sandbox, config } = await startCcSandbox({ importDelayMs: 2000 }));
});
afterAll(() => sandbox.close());

async function client(): Promise<CcClient> {
  const { access_token } = await connect(sandbox.url);
  return createCcClient({
    tokens: {
      getAccessToken: async () => access_token,
      refreshAfterRejection: () => Promise.reject(new Error("no refresh in this test")),
    },
    apiBaseUrl: config.apiBaseUrl,
    pacer: fastPacer(),
    retryBaseMs: 5,
  });
}

/** The V3 calls the sandbox counted since the last reset, by "METHOD /v3/path". */
async function v3Calls(): Promise<Record<string, number>> {
  const { calls } = await control<{ calls: Record<string, number> }>(sandbox.url, "/calls");
  return Object.fromEntries(Object.entries(calls).filter(([key]) => key.includes(" /v3/")));
}
const resetCalls = () => control(sandbox.url, "/calls/reset", {});

async function checkEach(session: ProviderSession, ids: string[], listId: string) {
  const checks = new Map();
  for (const id of ids) checks.set(id, await session.check(id, listId));
  return checks;
}

describe("the Constant Contact session's checkMany", () => {
  it("settles several imports with one GET /activities, exactly as one check each would", async () => {
    const cc = await client();
    const session = constantContactSession(cc);
    const newsletter = await listIdByName(sandbox.url, "sunrise@cc.test", "Newsletter");
    const ids: string[] = [];
    for (const importData of [
      [{ email: "first.batch@example.com" }, { email: "second.person@example.com" }],
      [{ email: "good.row@example.com" }, { email: "not-an-email" }],
      [{ email: "emma.wilson@example.com" }],
    ]) {
      ids.push((await cc.importContacts({ importData, listIds: [newsletter] })).activity_id);
    }

    sandbox.clock.advance(1000);
    await resetCalls();
    const running = await session.checkMany!(ids, newsletter);
    expect(await v3Calls()).toEqual({ "GET /v3/activities": 1 });
    expect(running).toEqual(await checkEach(session, ids, newsletter));
    expect([...running.values()].every((check) => !check.done)).toBe(true);

    sandbox.clock.advance(1000);
    await resetCalls();
    const settled = await session.checkMany!(ids, newsletter);
    expect(await v3Calls()).toEqual({ "GET /v3/activities": 1 });
    expect([...settled.keys()].sort()).toEqual([...ids].sort());
    expect(settled).toEqual(await checkEach(session, ids, newsletter));
    expect(settled.get(ids[0]!)).toEqual({
      done: true,
      outcome: { ok: true, rejected: [], unsubscribed: [], unitemizedFailures: 0, skipped: 0 },
    });
    expect(settled.get(ids[1]!)).toMatchObject({ done: true, outcome: { ok: true, unitemizedFailures: 1 } });
    expect(settled.get(ids[2]!)).toMatchObject({ done: true, outcome: { ok: true, skipped: 1 } });
  });

  it("answers an id the collection does not have as forgotten, still in one call; no ids, no call", async () => {
    const cc = await client();
    const session = constantContactSession(cc);
    const newsletter = await listIdByName(sandbox.url, "sunrise@cc.test", "Newsletter");
    const { activity_id } = await cc.importContacts({
      importData: [{ email: "kept@example.com" }],
      listIds: [newsletter],
    });
    sandbox.clock.advance(2000);
    const unknown = "00000000-0000-4000-8000-000000000000";
    await resetCalls();
    const checks = await session.checkMany!([activity_id, unknown], newsletter);
    expect(await v3Calls()).toEqual({ "GET /v3/activities": 1 });
    expect(checks.get(activity_id)).toMatchObject({ done: true, outcome: { ok: true } });
    expect(checks.get(unknown)).toEqual({
      done: true,
      outcome: {
        ok: false,
        reason: "Constant Contact no longer has the import's result (it keeps them 10 days). Its clients go out again.",
      },
    });
    await resetCalls();
    expect(await session.checkMany!([], newsletter)).toEqual(new Map());
    expect(await v3Calls()).toEqual({});
  });

  it("answers imports older than 10 days as forgotten", async () => {
    const cc = await client();
    const newsletter = await listIdByName(sandbox.url, "sunrise@cc.test", "Newsletter");
    const { activity_id } = await cc.importContacts({
      importData: [{ email: "old@example.com" }],
      listIds: [newsletter],
    });
    sandbox.clock.advance(11 * DAY_MS);
    const session = constantContactSession(await client());
    const checks = await session.checkMany!([activity_id], newsletter);
    expect(checks.get(activity_id)).toMatchObject({ done: true, outcome: { ok: false } });
  });

  it("reads at most 5 pages of 500, then checks an id still unseen on its own", async () => {
    const listed: unknown[] = [];
    const single: string[] = [];
    const fake = {
      async listActivities(query: unknown) {
        listed.push(query);
        const activity = { activity_id: `other-${listed.length}`, state: "completed", activity_errors: [] };
        return { activities: [activity], next: `/v3/activities?cursor=${listed.length}` };
      },
      async getActivity(id: string) {
        single.push(id);
        if (id === "gone") throw new CcNotFoundError("not found", 404, "GET /activities/{activity_id}");
        return { activity_id: id, state: "processing", percent_done: 40, activity_errors: [] };
      },
    } as unknown as CcClient;
    const checks = await constantContactSession(fake).checkMany!(["late", "gone"], "list");
    expect(listed).toEqual([
      { limit: 500 },
      ...[1, 2, 3, 4].map((n) => ({ limit: 500, cursorHref: `/v3/activities?cursor=${n}` })),
    ]);
    expect(single).toEqual(["late", "gone"]);
    expect(checks.get("late")).toEqual({ done: false, percent: 40 });
    expect(checks.get("gone")).toMatchObject({ done: true, outcome: { ok: false } });
  });
});
