import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createCcClient, type AccessTokenSource } from "./api-client";
import type { CcConfig } from "./config";
import { CcBadRequestError, CcRateLimitError, CcServerError } from "./errors";
import { refreshAccessToken, revokeToken } from "./oauth";
import { RequestPacer } from "@/tests/support/request-pacer";
import {
  connect,
  control,
  fastPacer,
  listIdByName,
  startCcSandbox,
  tokenCalls,
  type TestSandbox,
  type Tokens,
} from "@/tests/support/cc-sandbox";

let sandbox: TestSandbox;
let config: CcConfig;
beforeAll(async () => {
  ({ sandbox, config } = await startCcSandbox());
});
afterAll(() => sandbox.close());
beforeEach(() => control(sandbox.url, "/faults", undefined, "DELETE"));

/** An in-memory token source that refreshes against the sandbox, counting refreshes. */
function memoryTokens(initial: Tokens) {
  let access = initial.access_token;
  let refresh = initial.refresh_token!;
  const source: AccessTokenSource & { refreshes: number } = {
    refreshes: 0,
    getAccessToken: async () => access,
    async refreshAfterRejection() {
      source.refreshes++;
      const next = await refreshAccessToken(refresh, config);
      access = next.accessToken;
      refresh = next.refreshToken ?? refresh;
      return access;
    },
  };
  return source;
}

function clientWith(tokens: AccessTokenSource, calls: string[] = []) {
  return createCcClient({
    tokens,
    apiBaseUrl: config.apiBaseUrl,
    pacer: fastPacer(),
    retryBaseMs: 5,
    onCall: (e) => calls.push(e),
  });
}

describe("the V3 client against the sandbox", () => {
  it("reads the account summary and all contact lists with member counts, counting every call", async () => {
    const calls: string[] = [];
    const client = clientWith(memoryTokens(await connect(sandbox.url)), calls);
    expect((await client.getAccountSummary()).organization_name).toBe("Sunrise Yoga Marketing");
    const lists = await client.listContactLists();
    expect(lists.map((l) => l.name).sort()).toEqual(["Class Updates", "Newsletter", "Workshops"]);
    expect(lists.find((l) => l.name === "Newsletter")?.membership_count).toBe(4);
    expect(calls).toEqual(["GET /account/summary", "GET /contact_lists"]);
  });

  it("reads hundreds of lists", async () => {
    await control(sandbox.url, "/seed", {
      account: { email: "many-lists@cc.test" },
      lists: Array.from({ length: 700 }, (_, i) => ({ name: `List ${i}` })),
    });
    const client = clientWith(memoryTokens(await connect(sandbox.url, { email: "many-lists@cc.test" })));
    expect(await client.listContactLists()).toHaveLength(700);
  });

  it("pages through contacts with _links.next and filters by status", async () => {
    const client = clientWith(memoryTokens(await connect(sandbox.url)));
    const seen: string[] = [];
    let next: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await client.listContacts(next ? { cursorHref: next } : { limit: 2, include: ["list_memberships"] });
      seen.push(...page.contacts.map((c) => c.email_address!.address));
      if (!page.next) break;
      next = page.next;
    }
    expect(seen).toHaveLength(7);
    const unsubscribed = await client.listContacts({ status: "unsubscribed" });
    expect(unsubscribed.contacts.map((c) => c.email_address?.address).sort()).toEqual([
      "emma.wilson@example.com",
      "oliver.kim@example.com",
    ]);
    expect(unsubscribed.next).toBeNull();
  });

  it("imports contacts, polls the activity, and removes list memberships", async () => {
    const client = clientWith(memoryTokens(await connect(sandbox.url)));
    const newsletter = await listIdByName(sandbox.url, "sunrise@cc.test", "Newsletter");
    const created = await client.importContacts({
      importData: [{ email: "new.client@example.com", first_name: "New", last_name: "Client", city: "Bend" }],
      listIds: [newsletter],
    });
    expect(created.state).toBe("initialized");
    sandbox.clock.advance(60_000);
    const done = await client.getActivity(created.activity_id);
    expect(done.state).toBe("completed");
    const found = await client.listContacts({ email: "new.client@example.com" });
    const contactId = found.contacts[0]!.contact_id;
    const removal = await client.removeListMemberships({ contactIds: [contactId], listIds: [newsletter] });
    expect(removal.activity_id).toBeTruthy();
    await expect(
      client.importContacts({ importData: [{ email: "x@example.com" }], listIds: ["not-a-uuid"] }),
    ).rejects.toBeInstanceOf(CcBadRequestError);
  });

  it("lists the account's activities page by page, one call a page, with a state filter", async () => {
    const calls: string[] = [];
    const client = clientWith(memoryTokens(await connect(sandbox.url, { email: "maple@cc.test" })), calls);
    const members = await listIdByName(sandbox.url, "maple@cc.test", "Members");
    const ids: string[] = [];
    for (const email of ["one@example.com", "two@example.com", "bad-email"]) {
      ids.push((await client.importContacts({ importData: [{ email }], listIds: [members] })).activity_id);
    }
    calls.length = 0;
    const processing = await client.listActivities({ limit: 500, state: "processing" });
    expect(processing).toEqual({ activities: [], next: null });
    const first = await client.listActivities({ limit: 2 });
    expect(first.activities.map((a) => a.activity_id)).toEqual([ids[2], ids[1]]);
    expect(first.next).toEqual(expect.any(String));
    const second = await client.listActivities({ limit: 2, cursorHref: first.next! });
    expect(second.activities.map((a) => a.activity_id)).toEqual([ids[0]]);
    expect(second.next).toBeNull();
    expect(calls).toEqual(["GET /activities", "GET /activities", "GET /activities"]);
    sandbox.clock.advance(60_000);
    const completed = await client.listActivities({ limit: 500, state: "completed" });
    const failedRow = completed.activities.find((a) => a.activity_id === ids[2]);
    expect(failedRow).toEqual(await client.getActivity(ids[2]!));
    expect(failedRow?.status).toMatchObject({ items_total_count: 1, error_count: 1, person_count: 0 });
    await expect(client.listActivities({ limit: 0 })).rejects.toBeInstanceOf(CcBadRequestError);
  });

  it("answers a 401 mid-call with one refresh and one retry", async () => {
    const initial = await connect(sandbox.url);
    const tokens = memoryTokens(initial);
    const calls: string[] = [];
    const client = clientWith(tokens, calls);
    await client.getAccountSummary();
    await revokeToken(initial.access_token, config, "access_token"); // the access token dies, the grant lives
    const before = await tokenCalls(sandbox);
    expect((await client.listContactLists()).length).toBeGreaterThan(0);
    expect(tokens.refreshes).toBe(1);
    expect(await tokenCalls(sandbox)).toBe(before + 1);
    expect(calls).toEqual(["GET /account/summary", "GET /contact_lists", "GET /contact_lists"]);
  });

  it("retries 429 throttled and 5xx with backoff, then succeeds", async () => {
    const calls: string[] = [];
    const client = clientWith(memoryTokens(await connect(sandbox.url)), calls);
    await control(sandbox.url, "/faults", { faults: [{ kind: "throttled", count: 2, pathPrefix: "/v3/account" }] });
    await expect(client.getAccountSummary()).resolves.toMatchObject({ organization_name: "Sunrise Yoga Marketing" });
    expect(calls).toHaveLength(3);
    await control(sandbox.url, "/faults", { kind: "503", count: 1, pathPrefix: "/v3/contact_lists" });
    await expect(client.listContactLists()).resolves.toHaveLength(3);
  });

  it("retries a dropped connection and a timeout, each wait about twice the one before", async () => {
    const base = 100;
    const calls: string[] = [];
    const waits: number[] = [];
    // The waits are recorded instead of slept; a call times out after 300 ms of the sandbox's stall.
    const client = createCcClient({
      tokens: memoryTokens(await connect(sandbox.url)),
      apiBaseUrl: config.apiBaseUrl,
      pacer: fastPacer(),
      retryBaseMs: base,
      timeoutMs: 300,
      sleep: async (ms) => void waits.push(ms),
      onCall: (e) => calls.push(e),
    });
    const growing = () => {
      // Jittered exponential backoff: the n-th wait lies between half and all of base × 2^n.
      waits.forEach((wait, n) => {
        expect(wait).toBeGreaterThanOrEqual((base * 2 ** n) / 2);
        expect(wait).toBeLessThanOrEqual(base * 2 ** n);
      });
    };

    await control(sandbox.url, "/faults", { kind: "drop", count: 3, pathPrefix: "/v3/account" });
    await expect(client.getAccountSummary()).resolves.toMatchObject({ organization_name: "Sunrise Yoga Marketing" });
    expect(calls).toHaveLength(4);
    expect(waits).toHaveLength(3);
    growing();

    calls.length = 0;
    waits.length = 0;
    await control(sandbox.url, "/faults", { kind: "delay", delayMs: 5_000, count: 2, pathPrefix: "/v3/contact_lists" });
    await expect(client.listContactLists()).resolves.toHaveLength(3);
    expect(calls).toHaveLength(3);
    expect(waits).toHaveLength(2);
    growing();
  });

  it("gives up after the bounded retries", async () => {
    const calls: string[] = [];
    const client = createCcClient({
      tokens: memoryTokens(await connect(sandbox.url)),
      apiBaseUrl: config.apiBaseUrl,
      pacer: fastPacer(),
      retryBaseMs: 1,
      maxRetries: 2,
      onCall: (e) => calls.push(e),
    });
    await control(sandbox.url, "/faults", { kind: "500", count: 10, pathPrefix: "/v3/account" });
    await expect(client.getAccountSummary()).rejects.toBeInstanceOf(CcServerError);
    expect(calls).toHaveLength(3);
  });

  it("surfaces quota_exceeded at once, without retrying", async () => {
    const calls: string[] = [];
    const client = clientWith(memoryTokens(await connect(sandbox.url)), calls);
    await control(sandbox.url, "/faults", { kind: "quota_exceeded", count: 5, pathPrefix: "/v3/account" });
    const error = await client.getAccountSummary().catch((e) => e);
    expect(error).toBeInstanceOf(CcRateLimitError);
    expect(error.kind).toBe("quota_exceeded");
    expect(error.resumeAt.getUTCHours()).toBe(0);
    expect(calls).toHaveLength(1);
  });

  it("paces requests to the configured rate, with room for network jitter", async () => {
    let now = 0;
    const waits: number[] = [];
    const pacer = new RequestPacer(
      4,
      () => now,
      async (ms) => void waits.push(ms),
    );
    for (let i = 0; i < 5; i++) await pacer.take();
    // (1000 + 250 ms jitter budget) / 4: the fifth request leaves 1250 ms after the first.
    expect(waits).toEqual([312.5, 625, 937.5, 1250]);
    now = 5000;
    await pacer.take();
    expect(waits).toHaveLength(4);
  });

  it("refuses to follow a next link to another host", async () => {
    const client = clientWith(memoryTokens(await connect(sandbox.url)));
    await expect(client.listContacts({ cursorHref: "https://evil.example/v3/contacts?cursor=abc" })).rejects.toThrow(
      /another host/,
    );
  });
});
