import { describe, expect, it } from "vitest";
import {
  api,
  connect,
  control,
  listIdByName,
  readJson,
  type ActivityJson,
  type ContactJson,
  type ContactsPageJson,
  type ControlContactsJson,
} from "../testing/helpers";
import { connectedSandbox, type CcErrorsJson } from "../testing/connected-sandbox";

type TagJson = {
  tag_id: string;
  name: string;
  tag_source?: string;
  contacts_count?: number;
  created_at: string;
  updated_at: string;
};
type TagsPageJson = { tags: TagJson[]; _links?: { next?: { href: string } } };
const sb = connectedSandbox({ importDelayMs: 1000 });

async function createTag(name: string, tagSource?: string): Promise<TagJson> {
  const response = await sb.post("/v3/contact_tags", { name, ...(tagSource ? { tag_source: tagSource } : {}) });
  expect(response.status).toBe(201);
  return readJson<TagJson>(response);
}

async function contactByEmail(email: string, include = "taggings"): Promise<ContactJson> {
  const page = await readJson<ContactsPageJson>(
    await sb.call(`/v3/contacts?email=${encodeURIComponent(email)}&include=${include}`),
  );
  return page.contacts[0]!;
}

const tagContacts = (tagIds: string[], contactIds: string[]) =>
  sb.finishActivity(
    "/v3/activities/contacts_taggings_add",
    { source: { contact_ids: contactIds }, tag_ids: tagIds },
    1000,
  );

describe("/v3/contact_tags", () => {
  it("creates a tag (201, Tag schema), gets it, and refuses a duplicate name in any case with 409", async () => {
    const tag = await createTag("Gold card member", "ESTY");
    expect(tag).toEqual({
      tag_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: "Gold card member",
      tag_source: "ESTY",
      created_at: "2026-03-02T12:00:00.000Z",
      updated_at: "2026-03-02T12:00:00.000Z",
    });
    const one = await sb.call(`/v3/contact_tags/${tag.tag_id}`);
    expect(one.status).toBe(200);
    expect(await readJson<TagJson>(one)).toEqual(tag);
    const duplicate = await sb.post("/v3/contact_tags", { name: "GOLD CARD MEMBER" });
    expect(duplicate.status).toBe(409);
    expect((await readJson<CcErrorsJson>(duplicate))[0]!.error_key).toBe("tags.api.conflict");
  });

  it("validates the name: 1–255 characters, no < or >", async () => {
    for (const name of ["", "   ", "x".repeat(256), "a <b> tag"]) {
      const response = await sb.post("/v3/contact_tags", { name });
      expect(response.status).toBe(400);
      expect((await readJson<CcErrorsJson>(response))[0]!.error_key).toBe("tags.api.validation.error");
    }
    expect((await sb.post("/v3/contact_tags", {})).status).toBe(400);
    expect((await createTag("y".repeat(255))).name).toHaveLength(255);
  });

  it("renames with PUT (updated_at moves, tag_source stays), 409 on another tag's name, 404 for an unknown id", async () => {
    const tag = await createTag("Silver", "JOJO");
    await createTag("Bronze");
    sb.clock.advance(60_000);
    const renamed = await sb.put(`/v3/contact_tags/${tag.tag_id}`, { name: "Silver card member" });
    expect(renamed.status).toBe(200);
    const body = await readJson<TagJson>(renamed);
    expect(body).toMatchObject({ tag_id: tag.tag_id, name: "Silver card member", tag_source: "JOJO" });
    expect(Date.parse(body.updated_at) - Date.parse(body.created_at)).toBe(60_000);
    expect((await sb.put(`/v3/contact_tags/${tag.tag_id}`, { name: "bronze" })).status).toBe(409);
    expect((await sb.put(`/v3/contact_tags/${tag.tag_id}`, { name: "" })).status).toBe(400);
    const unknown = "00000000-0000-4000-8000-000000000000";
    expect((await sb.put(`/v3/contact_tags/${unknown}`, { name: "Anything" })).status).toBe(404);
    const missing = await sb.call(`/v3/contact_tags/${unknown}`);
    expect(missing.status).toBe(404);
    expect((await readJson<CcErrorsJson>(missing))[0]!.error_key).toBe("tags.api.not_found");
  });

  it("pages with limit and a cursor in _links.next, and counts tagged contacts with include_count", async () => {
    const all: TagJson[] = [];
    let path: string | null = "/v3/contact_tags?limit=2&include_count=true";
    while (path) {
      const page: TagsPageJson = await readJson<TagsPageJson>(await sb.call(path));
      expect(page.tags.length).toBeLessThanOrEqual(2);
      all.push(...page.tags);
      path = page._links?.next?.href ?? null;
    }
    expect(all.map((t) => t.name)).toEqual(["Gold card member", "y".repeat(255), "Silver card member", "Bronze"]);
    expect(all.every((t) => t.contacts_count === 0)).toBe(true);
    const plain = await readJson<TagsPageJson>(await sb.call("/v3/contact_tags"));
    expect(plain.tags).toHaveLength(4);
    expect(plain.tags[0]).not.toHaveProperty("contacts_count");
    expect(plain._links).toBeUndefined();
    expect((await sb.call("/v3/contact_tags?limit=501")).status).toBe(400);
    expect((await sb.call("/v3/contact_tags?limit=0")).status).toBe(400);

    const ava = await contactByEmail("ava.brooks@example.com");
    await tagContacts([all[0]!.tag_id], [ava.contact_id!]);
    const counted = await readJson<TagJson>(await sb.call(`/v3/contact_tags/${all[0]!.tag_id}?include_count=true`));
    expect(counted.contacts_count).toBe(1);
  });

  it("DELETE answers 202 with an activity; the tag leaves its contacts and the account when it completes", async () => {
    const doomed = await createTag("Doomed");
    const mia = await contactByEmail("mia.patel@example.com");
    const keep = (await readJson<TagsPageJson>(await sb.call("/v3/contact_tags"))).tags[0]!;
    await tagContacts([doomed.tag_id, keep.tag_id], [mia.contact_id!]);
    expect((await contactByEmail("mia.patel@example.com")).taggings).toEqual([doomed.tag_id, keep.tag_id]);

    const deleted = await sb.call(`/v3/contact_tags/${doomed.tag_id}`, { method: "DELETE" });
    expect(deleted.status).toBe(202);
    const activity = await readJson<ActivityJson>(deleted);
    expect(activity).toMatchObject({
      state: "processing",
      percent_done: 0,
      activity_errors: [],
      status: { items_total_count: 1, items_completed_count: 0 },
      _links: { self: { href: `/v3/activities/${activity.activity_id}` } },
    });
    // Until the activity completes the tag is still there.
    expect((await sb.call(`/v3/contact_tags/${doomed.tag_id}`)).status).toBe(200);
    sb.clock.advance(1000);
    const done = await readJson<ActivityJson>(await sb.call(`/v3/activities/${activity.activity_id}`));
    expect(done).toMatchObject({ state: "completed", percent_done: 100, status: { items_completed_count: 1 } });
    expect((await sb.call(`/v3/contact_tags/${doomed.tag_id}`)).status).toBe(404);
    expect((await contactByEmail("mia.patel@example.com")).taggings).toEqual([keep.tag_id]);
    expect((await sb.call(`/v3/contact_tags/${doomed.tag_id}`, { method: "DELETE" })).status).toBe(404);
  });

  it("POST /activities/contacts_tags_delete deletes up to 500 tags and reports unknown ids in activity_errors", async () => {
    const a = await createTag("Bulk A");
    const b = await createTag("Bulk B");
    const unknown = "00000000-0000-4000-8000-00000000abcd";
    const created = await sb.post("/v3/activities/contacts_tags_delete", { tag_ids: [a.tag_id, b.tag_id, unknown] });
    expect(created.status).toBe(201);
    const { activity_id } = await readJson<{ activity_id: string }>(created);
    sb.clock.advance(1000);
    const done = await readJson<ActivityJson>(await sb.call(`/v3/activities/${activity_id}`));
    expect(done).toMatchObject({ state: "completed", status: { items_total_count: 3, items_completed_count: 3 } });
    expect(done.activity_errors).toEqual([`Tag ${unknown} was not found`]);
    const names = (await readJson<TagsPageJson>(await sb.call("/v3/contact_tags?limit=500"))).tags.map((t) => t.name);
    expect(names).not.toContain("Bulk A");
    expect(names).not.toContain("Bulk B");
    const tooMany = Array.from({ length: 501 }, () => unknown);
    expect((await sb.post("/v3/activities/contacts_tags_delete", { tag_ids: tooMany })).status).toBe(400);
    expect((await sb.post("/v3/activities/contacts_tags_delete", { tag_ids: [] })).status).toBe(400);
  });

  it("refuses the 501st tag of an account with 400", async () => {
    const { tags } = await readJson<TagsPageJson>(await sb.call("/v3/contact_tags?limit=500"));
    for (let i = tags.length; i < 500; i++) await createTag(`Filler ${i}`);
    const over = await sb.post("/v3/contact_tags", { name: "One too many" });
    expect(over.status).toBe(400);
    expect((await readJson<CcErrorsJson>(over))[0]).toEqual({
      error_key: "tags.api.validation.error",
      error_message: "An account can have at most 500 tags.",
    });
    // Another account has its own 500.
    const maple = (await connect(sb.url, { email: "maple@cc.test" })).access_token;
    const other = await api(sb.url, maple, "/v3/contact_tags", { method: "POST", body: { name: "One too many" } });
    expect(other.status).toBe(201);
    const mapleTags = await readJson<TagsPageJson>(await api(sb.url, maple, "/v3/contact_tags"));
    expect(mapleTags.tags.map((t) => t.name)).toEqual(["One too many"]);
  });

  it("needs the contact_data scope and counts against the API key's limits", async () => {
    const accountOnly = (await connect(sb.url, { scope: "account_read offline_access" })).access_token;
    const refused = await api(sb.url, accountOnly, "/v3/contact_tags");
    expect(refused.status).toBe(403);
    await control(sb.url, "/calls/reset", {});
    await sb.call("/v3/contact_tags?limit=1");
    expect((await control<{ calls: Record<string, number> }>(sb.url, "/calls")).calls).toEqual({
      "GET /v3/contact_tags": 1,
    });
    await control(sb.url, "/faults", { kind: "throttled", pathPrefix: "/v3/contact_tags" });
    expect((await sb.call("/v3/contact_tags")).status).toBe(429);
  });
});

describe("contacts and tags", () => {
  it("include=taggings lists tag ids; ?tags= filters; POST/PUT with taggings set them and check they exist", async () => {
    const yoga = await createTagOnMaple("Yoga");
    const maple = mapleToken!;
    const created = await api(sb.url, maple, "/v3/contacts", {
      method: "POST",
      body: { email_address: { address: "tagged@example.com" }, taggings: [yoga.tag_id], create_source: "Account" },
    });
    expect(created.status).toBe(201);
    const contact = await readJson<ContactJson>(created);
    const one = await readJson<ContactJson>(
      await api(sb.url, maple, `/v3/contacts/${contact.contact_id}?include=taggings`),
    );
    expect(one.taggings).toEqual([yoga.tag_id]);
    const plain = await readJson<ContactJson>(await api(sb.url, maple, `/v3/contacts/${contact.contact_id}`));
    expect(plain).not.toHaveProperty("taggings");
    const filtered = await readJson<ContactsPageJson>(await api(sb.url, maple, `/v3/contacts?tags=${yoga.tag_id}`));
    expect(filtered.contacts.map((c) => c.email_address?.address)).toEqual(["tagged@example.com"]);

    // A PUT without taggings leaves them; with taggings it replaces them; unknown tag ids are 404.
    const putBody = { email_address: { address: "tagged@example.com" }, first_name: "T", update_source: "Account" };
    expect(
      (await api(sb.url, maple, `/v3/contacts/${contact.contact_id}`, { method: "PUT", body: putBody })).status,
    ).toBe(200);
    const afterPut = await readJson<ContactJson>(
      await api(sb.url, maple, `/v3/contacts/${contact.contact_id}?include=taggings`),
    );
    expect(afterPut.taggings).toEqual([yoga.tag_id]);
    const unknown = "00000000-0000-4000-8000-00000000ffff";
    const bad = await api(sb.url, maple, `/v3/contacts/${contact.contact_id}`, {
      method: "PUT",
      body: { ...putBody, taggings: [unknown] },
    });
    expect(bad.status).toBe(404);
    const cleared = await api(sb.url, maple, `/v3/contacts/${contact.contact_id}`, {
      method: "PUT",
      body: { ...putBody, taggings: [] },
    });
    expect(cleared.status).toBe(200);
    expect(
      (await readJson<ContactJson>(await api(sb.url, maple, `/v3/contacts/${contact.contact_id}?include=taggings`)))
        .taggings,
    ).toEqual([]);
  });

  it("contacts_json_import never touches tags, even when a row names tags or taggings", async () => {
    const maple = mapleToken!;
    await control(sb.url, "/contact-extras", {
      accountEmail: "maple@cc.test",
      email: "james.martin@example.com",
      tags: ["VIP"],
    });
    const vip = (await readJson<TagsPageJson>(await api(sb.url, maple, "/v3/contact_tags?limit=500"))).tags.find(
      (t) => t.name === "VIP",
    )!;
    const newsletter = await listIdByName(sb.url, "maple@cc.test", "Newsletter");
    const created = await api(sb.url, maple, "/v3/activities/contacts_json_import", {
      method: "POST",
      body: {
        list_ids: [newsletter],
        import_data: [
          { email: "james.martin@example.com", first_name: "Jim", tags: [], taggings: [] },
          { email: "fresh.import@example.com", first_name: "Fresh", taggings: [vip.tag_id] },
        ],
      },
    });
    expect(created.status).toBe(201);
    const { activity_id } = await readJson<{ activity_id: string }>(created);
    sb.clock.advance(1000);
    const done = await readJson<ActivityJson>(await api(sb.url, maple, `/v3/activities/${activity_id}`));
    expect(done.state).toBe("completed");
    const people = await control<ControlContactsJson>(sb.url, "/accounts/maple@cc.test/contacts?list=Newsletter");
    const james = people.contacts.find((c) => c.email === "james.martin@example.com")!;
    expect(james).toMatchObject({ first_name: "Jim", tags: ["VIP"], tag_ids: [vip.tag_id] });
    expect(people.contacts.find((c) => c.email === "fresh.import@example.com")!.tags).toEqual([]);
  });

  it("the control API names tags (creating missing ones once, case-insensitively) and the page shows them", async () => {
    const body = await control<ControlContactsJson["contacts"][number]>(sb.url, "/contact-extras", {
      accountEmail: "maple@cc.test",
      email: "charlotte.roy@example.com",
      tags: ["VIP", "vip", "Donor <2025>"],
    });
    expect(body.tags).toEqual(["VIP", "Donor <2025>"]);
    const { tags } = await control<{ tags: TagJson[] }>(sb.url, "/accounts/maple@cc.test/tags");
    expect(tags.filter((t) => t.name.toLowerCase() === "vip")).toHaveLength(1);
    expect(tags.find((t) => t.name === "VIP")!.contacts_count).toBe(2);
    const page = await fetch(`${sb.url}/?account=maple@cc.test&q=charlotte`).then((r) => r.text());
    expect(page).toContain("VIP, Donor &lt;2025&gt;");
  });
});

let mapleToken: string | undefined;
async function createTagOnMaple(name: string): Promise<TagJson> {
  mapleToken ??= (await connect(sb.url, { email: "maple@cc.test" })).access_token;
  const response = await api(sb.url, mapleToken, "/v3/contact_tags", { method: "POST", body: { name } });
  expect(response.status).toBe(201);
  return readJson<TagJson>(response);
}
