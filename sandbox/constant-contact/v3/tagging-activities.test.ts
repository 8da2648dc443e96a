import { describe, expect, it } from "vitest";
import {
  api,
  connect,
  control,
  listIdByName,
  readJson,
  type ActivityJson,
  type ControlContactsJson,
  type SeedJson,
} from "../testing/helpers";
import { connectedSandbox, type CcErrorsJson } from "../testing/connected-sandbox";

const sb = connectedSandbox({ importDelayMs: 2000 });

async function tag(name: string): Promise<string> {
  const response = await sb.post("/v3/contact_tags", { name });
  expect(response.status).toBe(201);
  return (await readJson<{ tag_id: string }>(response)).tag_id;
}

async function contacts(query = ""): Promise<ControlContactsJson["contacts"]> {
  return (await control<ControlContactsJson>(sb.url, `/accounts/sunrise@cc.test/contacts${query}`)).contacts;
}

async function idOf(email: string): Promise<string> {
  return (await contacts(`?email=${encodeURIComponent(email)}`))[0]!.contact_id;
}

async function tagsOf(email: string): Promise<string[]> {
  return (await contacts(`?email=${encodeURIComponent(email)}`))[0]!.tags;
}

const run = (kind: "add" | "remove", body: unknown) =>
  sb.finishActivity(`/v3/activities/contacts_taggings_${kind}`, body, 2000);

describe("POST /v3/activities/contacts_taggings_add and _remove", () => {
  it("answers 201 with an activity that advances lazily; tags appear only on completion", async () => {
    const vip = await tag("VIP");
    const ava = await idOf("ava.brooks@example.com");
    const created = await sb.post("/v3/activities/contacts_taggings_add", {
      source: { contact_ids: [ava] },
      tag_ids: [vip],
    });
    expect(created.status).toBe(201);
    const body = await readJson<{ activity_id: string; state: string; _links: unknown }>(created);
    expect(body).toEqual({
      activity_id: expect.any(String),
      state: "initialized",
      _links: { self: { href: `/v3/activities/${body.activity_id}` } },
    });
    const at = async () => readJson<ActivityJson>(await sb.call(`/v3/activities/${body.activity_id}`));
    expect(await at()).toMatchObject({ state: "initialized", percent_done: 0 });
    sb.clock.advance(1000);
    const halfway = await at();
    expect(halfway.state).toBe("processing");
    expect(halfway.percent_done).toBeGreaterThan(0);
    expect(halfway.percent_done).toBeLessThan(100);
    expect(await tagsOf("ava.brooks@example.com")).toEqual([]);
    sb.clock.advance(1000);
    const done = await at();
    expect(done).toMatchObject({
      state: "completed",
      percent_done: 100,
      activity_errors: [],
      status: { items_total_count: 1, items_completed_count: 1 },
    });
    // ActivityTaggingStatus has only the item counts.
    expect(Object.keys(done.status ?? {}).sort()).toEqual(["items_completed_count", "items_total_count"]);
    expect(await tagsOf("ava.brooks@example.com")).toEqual(["VIP"]);
  });

  it("tags by list (with exclude), by tag and all active contacts; removes by contact_ids", async () => {
    const workshops = await listIdByName(sb.url, "sunrise@cc.test", "Workshops");
    const liam = await idOf("liam.chen@example.com");
    const loyal = await tag("Loyal");
    // Workshops: Liam, Mia, and Oliver (unsubscribed: tags still apply); Liam excluded.
    let done = await run("add", {
      source: { list_ids: [workshops] },
      exclude: { contact_ids: [liam] },
      tag_ids: [loyal],
    });
    expect(done.status?.items_total_count).toBe(2);
    expect((await contacts("?list=Workshops")).filter((c) => c.tags.includes("Loyal")).map((c) => c.email)).toEqual([
      "mia.patel@example.com",
      "oliver.kim@example.com",
    ]);

    const echo = await tag("Echo");
    done = await run("add", { source: { tag_ids: [loyal] }, tag_ids: [echo] });
    expect(done.status?.items_total_count).toBe(2);
    expect(await tagsOf("mia.patel@example.com")).toEqual(["Loyal", "Echo"]);

    const everyone = await tag("Everyone");
    done = await run("add", { source: { all_active_contacts: true }, tag_ids: [everyone] });
    const active = await contacts("?status=active");
    expect(done.status?.items_total_count).toBe(active.length);
    expect(active.every((c) => c.tags.includes("Everyone"))).toBe(true);
    expect(await tagsOf("emma.wilson@example.com")).not.toContain("Everyone"); // unsubscribed: not active

    const mia = await idOf("mia.patel@example.com");
    done = await run("remove", { source: { contact_ids: [mia] }, tag_ids: [loyal, everyone] });
    expect(done).toMatchObject({ state: "completed", activity_errors: [] });
    expect(await tagsOf("mia.patel@example.com")).toEqual(["Echo"]);
    expect(await tagsOf("oliver.kim@example.com")).toEqual(["Loyal", "Echo"]);
  });

  it("tags new subscribers (opted in within 30 days)", async () => {
    const fresh = await tag("Fresh");
    sb.clock.advance(31 * 24 * 60 * 60 * 1000);
    await sb.reconnect(); // the old access token expired meanwhile
    await sb.post("/v3/contacts", { email_address: { address: "newbie@example.com" }, create_source: "Account" });
    const done = await run("add", { source: { new_subscriber: true }, tag_ids: [fresh] });
    expect(done.status?.items_total_count).toBe(1);
    expect(await tagsOf("newbie@example.com")).toEqual(["Fresh"]);
  });

  it("skips unknown and deleted contact ids and never takes a contact past 50 tags (reported, the rest proceed)", async () => {
    const seeded = await control<SeedJson>(sb.url, "/seed", {
      accountEmail: "sunrise@cc.test",
      contacts: { count: 3, emailPrefix: "fifty" },
    });
    expect(seeded.contacts.created).toBe(3);
    const [full, roomy, gone] = await Promise.all([1, 2, 3].map((i) => idOf(`fifty${i}@example.com`)));
    const names = Array.from({ length: 50 }, (_, i) => `T${i}`);
    await control(sb.url, "/contact-extras", {
      accountEmail: "sunrise@cc.test",
      email: "fifty1@example.com",
      tags: names,
    });
    expect(await tagsOf("fifty1@example.com")).toHaveLength(50);
    expect((await sb.call(`/v3/contacts/${gone}`, { method: "DELETE" })).status).toBe(204);
    const extra = await tag("Fifty-first");
    const unknown = "00000000-0000-4000-8000-000000000001";
    const done = await run("add", { source: { contact_ids: [full!, roomy!, gone!, unknown] }, tag_ids: [extra] });
    expect(done.state).toBe("completed");
    expect(done.status).toEqual({ items_total_count: 2, items_completed_count: 2 });
    expect(done.activity_errors).toEqual([`Contact ${full} would have more than 50 tags`]);
    expect(await tagsOf("fifty1@example.com")).toEqual(names);
    expect(await tagsOf("fifty2@example.com")).toEqual(["Fifty-first"]);
    // Re-adding a tag the contact already has does not count against the 50.
    const again = await run("add", { source: { contact_ids: [full!] }, tag_ids: [(await tagIds(["T0"]))[0]!] });
    expect(again.activity_errors).toEqual([]);
  });

  it("validates the request: tag_ids 1–50 existing tags, contact_ids ≤ 500, exactly one source, exclude only with lists or all active", async () => {
    const known = await tag("Known");
    const unknown = "00000000-0000-4000-8000-000000000002";
    const ava = await idOf("ava.brooks@example.com");
    const missingTag = await sb.post("/v3/activities/contacts_taggings_add", {
      source: { contact_ids: [ava] },
      tag_ids: [unknown],
    });
    expect(missingTag.status).toBe(404);
    expect((await readJson<CcErrorsJson>(missingTag))[0]!.error_key).toBe("tags.api.not_found");
    const missingSourceTag = await sb.post("/v3/activities/contacts_taggings_remove", {
      source: { tag_ids: [unknown] },
      tag_ids: [known],
    });
    expect(missingSourceTag.status).toBe(404);
    const missingList = await sb.post("/v3/activities/contacts_taggings_add", {
      source: { list_ids: [unknown] },
      tag_ids: [known],
    });
    expect(missingList.status).toBe(404);
    const ids = (n: number) => Array.from({ length: n }, () => ava);
    const bad: unknown[] = [
      { source: { contact_ids: [ava] }, tag_ids: [] },
      { source: { contact_ids: [ava] } },
      { source: { contact_ids: [ava] }, tag_ids: Array.from({ length: 51 }, () => known) },
      { source: { contact_ids: ids(501) }, tag_ids: [known] },
      { source: {}, tag_ids: [known] },
      { source: { contact_ids: [ava], all_active_contacts: true }, tag_ids: [known] },
      { source: { contact_ids: [ava] }, exclude: { contact_ids: [ava] }, tag_ids: [known] },
      { source: { contact_ids: ["not-a-uuid"] }, tag_ids: [known] },
      { source: { segment_id: 1 }, tag_ids: [known] },
    ];
    for (const body of bad) {
      const response = await sb.post("/v3/activities/contacts_taggings_add", body);
      expect(response.status, JSON.stringify(body).slice(0, 120)).toBe(400);
      expect((await readJson<CcErrorsJson>(response))[0]!.error_key).toBe("activities.api.validation.error");
    }
    expect(
      (await sb.post("/v3/activities/contacts_taggings_add", { source: { contact_ids: ids(500) }, tag_ids: [known] }))
        .status,
    ).toBe(201);
  });

  it("needs contact_data, and does not show another account's tagging activity", async () => {
    const known = await tag("Scoped");
    const ava = await idOf("ava.brooks@example.com");
    const accountOnly = (await connect(sb.url, { scope: "account_read offline_access" })).access_token;
    const refused = await api(sb.url, accountOnly, "/v3/activities/contacts_taggings_add", {
      method: "POST",
      body: { source: { contact_ids: [ava] }, tag_ids: [known] },
    });
    expect(refused.status).toBe(403);
    const created = await sb.post("/v3/activities/contacts_taggings_add", {
      source: { contact_ids: [ava] },
      tag_ids: [known],
    });
    const { activity_id } = await readJson<{ activity_id: string }>(created);
    const maple = (await connect(sb.url, { email: "maple@cc.test" })).access_token;
    expect((await api(sb.url, maple, `/v3/activities/${activity_id}`)).status).toBe(404);
    // Maple cannot use Sunrise's tags either.
    const foreign = await api(sb.url, maple, "/v3/activities/contacts_taggings_add", {
      method: "POST",
      body: { source: { all_active_contacts: true }, tag_ids: [known] },
    });
    expect(foreign.status).toBe(404);
  });
});

async function tagIds(names: string[]): Promise<string[]> {
  const { tags } = await control<{ tags: { tag_id: string; name: string }[] }>(
    sb.url,
    "/accounts/sunrise@cc.test/tags",
  );
  return names.map((name) => tags.find((t) => t.name === name)!.tag_id);
}
