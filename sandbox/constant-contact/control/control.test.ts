import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  api,
  connect,
  control,
  readJson,
  startTestSandbox,
  type CallsJson,
  type ClockJson,
  type ConfigJson,
  type ContactsPageJson,
  type ControlAccountsJson,
  type ControlActivitiesJson,
  type ControlContactsJson,
  type ControlListsJson,
  type SeedJson,
} from "../testing/helpers";

let sb: Awaited<ReturnType<typeof startTestSandbox>>;
let token: string;
beforeAll(async () => {
  sb = await startTestSandbox();
  token = (await connect(sb.url)).access_token;
});
afterAll(() => sb.close());

describe("faults", () => {
  it("fails the next N matching calls with 503, then recovers; other paths are untouched", async () => {
    await control(sb.url, "/faults", { kind: "503", count: 2, pathPrefix: "/v3/contacts" });
    expect((await api(sb.url, token, "/v3/contact_lists")).status).toBe(200);
    const first = await api(sb.url, token, "/v3/contacts");
    expect(first.status).toBe(503);
    expect((await first.json())[0]).toMatchObject({ error_key: "service_unavailable" });
    expect((await api(sb.url, token, "/v3/contacts")).status).toBe(503);
    expect((await api(sb.url, token, "/v3/contacts")).status).toBe(200);
  });

  it("injects throttled and quota_exceeded 429s with CC's bodies", async () => {
    await control(sb.url, "/faults", { faults: [{ kind: "throttled" }, { kind: "quota_exceeded" }] });
    const throttled = await api(sb.url, token, "/v3/contacts");
    expect(await throttled.json()).toEqual([{ error_key: "throttled", error_message: expect.any(String) }]);
    const quota = await api(sb.url, token, "/v3/contacts");
    expect(quota.status).toBe(429);
    expect((await quota.json())[0].error_key).toBe("quota_exceeded");
    expect((await api(sb.url, token, "/v3/contacts")).status).toBe(200);
  });

  it("fails every call for a time window (on the sandbox clock) and can be cleared", async () => {
    await control(sb.url, "/faults", { kind: "500", durationMs: 10_000 });
    expect((await api(sb.url, token, "/v3/contacts")).status).toBe(500);
    expect((await api(sb.url, token, "/v3/contact_lists")).status).toBe(500);
    // Control calls are never faulted.
    expect((await control(sb.url, "/faults")).faults).toHaveLength(1);
    sb.clock.advance(10_000);
    expect((await api(sb.url, token, "/v3/contacts")).status).toBe(200);
    await control(sb.url, "/faults", { kind: "500", durationMs: 10_000 });
    await control(sb.url, "/faults", undefined, "DELETE");
    expect((await api(sb.url, token, "/v3/contacts")).status).toBe(200);
  });

  it("lets the first matching calls through with `after`, then fails the next ones", async () => {
    await control(sb.url, "/faults", { kind: "500", after: 2, count: 1, pathPrefix: "/v3/contacts" });
    expect((await api(sb.url, token, "/v3/contact_lists")).status).toBe(200); // not matching: not counted
    expect((await api(sb.url, token, "/v3/contacts")).status).toBe(200);
    expect((await api(sb.url, token, "/v3/contacts")).status).toBe(200);
    expect((await api(sb.url, token, "/v3/contacts")).status).toBe(500);
    expect((await api(sb.url, token, "/v3/contacts")).status).toBe(200);
  });

  it("drops connections and slows responses", async () => {
    await control(sb.url, "/faults", { kind: "drop", pathPrefix: "/v3/contacts" });
    await expect(api(sb.url, token, "/v3/contacts")).rejects.toThrow();
    await control(sb.url, "/faults", { kind: "delay", delayMs: 300 });
    const started = Date.now();
    expect((await api(sb.url, token, "/v3/contacts")).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it("can fail the token endpoint in OAuth's error shape", async () => {
    await control(sb.url, "/faults", { kind: "503", pathPrefix: "/oauth2/default/v1/token" });
    await expect(connect(sb.url)).rejects.toThrow(/503/);
    expect(await connect(sb.url)).toMatchObject({ access_token: expect.any(String) });
  });

  it("refuses a malformed fault", async () => {
    const response = await fetch(`${sb.url}/__control/faults`, {
      method: "POST",
      body: JSON.stringify({ kind: "teapot" }),
    });
    expect(response.status).toBe(400);
  });
});

describe("calls, seed, reset, inspect, config", () => {
  it("lists an account's activities with the size of each import request as received", async () => {
    const { lists } = await control<ControlListsJson>(sb.url, "/accounts/sunrise@cc.test/lists");
    const body = JSON.stringify({
      import_data: [{ email: "sized@example.com", first_name: "Sized" }],
      list_ids: [lists[0]!.list_id],
    });
    const created = await api(sb.url, token, "/v3/activities/contacts_json_import", { method: "POST", rawBody: body });
    expect(created.status).toBe(201);
    const { activity_id } = await created.json();
    const { activities } = await control<ControlActivitiesJson>(sb.url, "/accounts/sunrise@cc.test/activities");
    expect(activities.find((a) => a.activity_id === activity_id)).toMatchObject({
      type: "contacts_json_import",
      items_total_count: 1,
      request_bytes: Buffer.byteLength(body),
    });
    expect((await control(sb.url, "/accounts/maple@cc.test/activities")).activities).toEqual([]);
  });

  it("counts calls per endpoint pattern", async () => {
    await control(sb.url, "/calls/reset", {});
    const { contacts } = await readJson<ContactsPageJson>(await api(sb.url, token, "/v3/contacts?limit=2"));
    await api(sb.url, token, `/v3/contacts/${contacts[0]!.contact_id}`);
    await api(sb.url, token, `/v3/contacts/${contacts[1]!.contact_id}`);
    await api(sb.url, token, "/v3/nope");
    const calls = await control<CallsJson>(sb.url, "/calls");
    expect(calls).toEqual({
      total: 4,
      calls: { "GET /v3/contacts": 1, "GET /v3/contacts/{contact_id}": 2, "GET /v3/nope": 1 },
    });
  });

  // How fast seeding is belongs to the benchmark, not to a test: a timing here fails on a busy machine.
  it("seeds 100,000 contacts in one call and the page stays small", async () => {
    const seeded = await control<SeedJson>(sb.url, "/seed", {
      account: { email: "big@cc.test", organizationName: "Big <Studio> & Co" },
      lists: [{ name: "Newsletter" }, { name: "VIP" }],
      contacts: { count: 100_000, listNames: ["Newsletter"], unsubscribedEvery: 7, emailPrefix: "big" },
    });
    expect(seeded.contacts).toEqual({ created: 100_000, skipped: 0, unsubscribed: 14_285 });
    expect(seeded.lists.map((l) => l.name)).toEqual(["Newsletter", "VIP"]);
    const lists = await control<ControlListsJson>(sb.url, "/accounts/big@cc.test/lists");
    expect(lists.lists[0]).toMatchObject({
      name: "Newsletter",
      membership_count: 100_000,
      active_count: 100_000 - 14_285,
    });
    const page = await fetch(`${sb.url}/?account=big@cc.test`);
    const html = await page.text();
    expect(html).toContain("Showing 200 of 100000");
    expect(html.length).toBeLessThan(200_000);
    expect(html).toContain("Big &lt;Studio&gt; &amp; Co");
    expect(html).not.toContain("Big <Studio>");
    const again = await control<SeedJson>(sb.url, "/seed", {
      accountEmail: "big@cc.test",
      contacts: { count: 10, emailPrefix: "big" },
    });
    expect(again.contacts).toMatchObject({ created: 0, skipped: 10 });
  });

  it("escapes contact data on the page and filters by q", async () => {
    await api(sb.url, token, "/v3/contacts", {
      method: "POST",
      body: {
        email_address: { address: "xss@example.com" },
        first_name: "<script>alert(1)</script>",
        create_source: "Account",
      },
    });
    const html = await (await fetch(`${sb.url}/?account=sunrise@cc.test&q=xss`)).text();
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toContain("<script>");
    expect(html).toContain("Showing 1 of 1");
  });

  it("inspects contacts with list names, filtered by list and email", async () => {
    const body = await control<ControlContactsJson>(sb.url, "/accounts/sunrise@cc.test/contacts?list=Workshops");
    expect(body.contacts.every((c) => c.lists.includes("Workshops"))).toBe(true);
    const one = await control<ControlContactsJson>(
      sb.url,
      "/accounts/sunrise@cc.test/contacts?email=MIA.patel@example.com",
    );
    expect(one.contacts).toHaveLength(1);
    expect(one.contacts[0]!.lists.sort()).toEqual(["Class Updates", "Newsletter", "Workshops"]);
  });

  it("changes config at run time and refuses bad values", async () => {
    expect(await control(sb.url, "/config", { importDelayMs: 10 })).toMatchObject({ importDelayMs: 10 });
    const bad = await fetch(`${sb.url}/__control/config`, {
      method: "POST",
      body: JSON.stringify({ requestsPerSecond: -1 }),
    });
    expect(bad.status).toBe(400);
    const unknown = await fetch(`${sb.url}/__control/config`, { method: "POST", body: JSON.stringify({ bogus: 1 }) });
    expect(unknown.status).toBe(400);
  });

  it("resets to the seed", async () => {
    await control(sb.url, "/reset", {});
    const { accounts } = await control<ControlAccountsJson>(sb.url, "/accounts");
    expect(accounts.map((a) => a.email)).toEqual(["sunrise@cc.test", "maple@cc.test"]);
    // Tokens issued before the reset are gone with the state.
    expect((await api(sb.url, token, "/v3/contacts")).status).toBe(401);
    expect((await control<CallsJson>(sb.url, "/calls")).total).toBe(1);
    expect((await control<ConfigJson>(sb.url, "/config")).importDelayMs).toBe(2000);
  });

  it("moves the sandbox clock forward", async () => {
    const before = await control<ClockJson>(sb.url, "/clock");
    const after = await control<ClockJson>(sb.url, "/clock", { advanceMs: 3_600_000 });
    expect(Date.parse(after.now) - Date.parse(before.now)).toBe(3_600_000);
  });
});
