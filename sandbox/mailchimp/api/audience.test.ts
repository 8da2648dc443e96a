import { describe, expect, it } from "vitest";
import { connectedMailchimp } from "../testing/connected";
import { control, readJson, subscriberHash } from "../testing/helpers";

const mc = connectedMailchimp();

describe("account and audiences", () => {
  it("pings, shows the account root and lists audiences with count, offset, total_items and _links", async () => {
    expect(await (await mc.call("/ping")).json()).toEqual({ health_status: "Everything's Chimpy!" });
    expect(await (await mc.call("/")).json()).toMatchObject({
      account_name: "Sunrise Yoga",
      email: "sunrise@mc.test",
      role: "owner",
      total_subscribers: 2,
    });
    const lists = await readJson<{
      lists: { name: string }[];
      total_items: number;
      constraints: object;
      _links: object[];
    }>(await mc.call("/lists?count=2&offset=1"));
    expect(lists.lists.map((l) => l.name)).toEqual(["Class Updates", "Workshops"]);
    expect(lists.total_items).toBe(3);
    expect(lists.constraints).toMatchObject({ may_create: true, current_total_instances: 3 });
    expect(lists._links[0]).toMatchObject({ rel: "self", method: "GET" });
    const withMember = await readJson<{ lists: { name: string }[] }>(
      await mc.call("/lists?email=AVA.BROOKS@example.com"),
    );
    expect(withMember.lists.map((l) => l.name)).toEqual(["Newsletter"]);
  });

  it("shows one audience with its stats, and 404 for another account's or an unknown one", async () => {
    const listId = await mc.listId();
    const list = await (await mc.call(`/lists/${listId}?include_total_contacts=true`)).json();
    expect(list).toMatchObject({
      id: listId,
      name: "Newsletter",
      web_id: expect.any(Number),
      stats: { member_count: 2, unsubscribe_count: 1, cleaned_count: 1, merge_field_count: 4, total_contacts: 5 },
    });
    expect(listId).toMatch(/^[0-9a-f]{10}$/);
    const mapleNewsletter = (
      await control<{ accounts: { email: string; lists: { id: string }[] }[] }>(mc.url, "/accounts")
    ).accounts.find((a) => a.email === "maple@mc.test")!.lists[0]!.id;
    expect((await mc.call(`/lists/${mapleNewsletter}`)).status).toBe(404);
  });

  it("applies fields and exclude_fields with dot notation", async () => {
    const listId = await mc.listId();
    const only = await (
      await mc.call(`/lists/${listId}/members?fields=members.email_address,members.status,total_items&count=1`)
    ).json();
    expect(only).toEqual({
      members: [{ email_address: "ava.brooks@example.com", status: "subscribed" }],
      total_items: 5,
    });
    const without = await (await mc.call(`/lists/${listId}?exclude_fields=stats,_links,contact.address1`)).json();
    expect(without).not.toHaveProperty("stats");
    expect(without).not.toHaveProperty("_links");
    expect(without.contact).not.toHaveProperty("address1");
    expect(without.contact).toHaveProperty("city");
  });

  it("creates an audience with the required fields", async () => {
    const bad = await mc.post("/lists", { name: "Half" });
    expect(bad.status).toBe(400);
    const created = await mc.post("/lists", {
      name: "Created",
      contact: { company: "Sunrise", address1: "1 Main", city: "Portland", state: "OR", zip: "97201", country: "US" },
      permission_reminder: "You signed up.",
      campaign_defaults: { from_name: "Sunrise", from_email: "sunrise@mc.test", subject: "", language: "en" },
      email_type_option: false,
    });
    expect(await created.json()).toMatchObject({ name: "Created", stats: { member_count: 0 } });
  });
});

describe("merge fields", () => {
  it("starts with FNAME, LNAME, ADDRESS and PHONE, and creates, updates and deletes fields", async () => {
    const listId = await mc.listId("Workshops");
    const path = `/lists/${listId}/merge-fields`;
    const start = await readJson<{ merge_fields: { tag: string; type: string }[]; total_items: number }>(
      await mc.call(path),
    );
    expect(start.merge_fields.map((f) => [f.tag, f.type])).toEqual([
      ["FNAME", "text"],
      ["LNAME", "text"],
      ["ADDRESS", "address"],
      ["PHONE", "phone"],
    ]);
    const city = await readJson<{ merge_id: number; tag: string; list_id: string }>(
      await mc.post(path, { name: "City", type: "text", tag: "CITY" }),
    );
    expect(city).toMatchObject({ tag: "CITY", list_id: listId, merge_id: 5 });
    const auto = await readJson<{ tag: string }>(await mc.post(path, { name: "Untagged", type: "text" }));
    expect(auto.tag).toBe("MMERGE6");
    expect((await mc.post(path, { name: "Again", type: "text", tag: "CITY" })).status).toBe(400);
    expect((await mc.post(path, { name: "Bad", type: "colour" })).status).toBe(400);
    const renamed = await readJson<{ name: string }>(await mc.patch(`${path}/${city.merge_id}`, { name: "Town" }));
    expect(renamed.name).toBe("Town");
    await mc.post(`/lists/${listId}/members`, {
      email_address: "town@example.com",
      status: "subscribed",
      merge_fields: { CITY: "Salem" },
    });
    expect((await mc.del(`${path}/${city.merge_id}`)).status).toBe(204);
    expect((await mc.call(`${path}/${city.merge_id}`)).status).toBe(404);
    const member = await (await mc.call(`/lists/${listId}/members/${subscriberHash("town@example.com")}`)).json();
    expect(member.merge_fields).not.toHaveProperty("CITY");
  });

  it("refuses the 31st merge field of an audience", async () => {
    const listId = await mc.listId("Class Updates");
    const path = `/lists/${listId}/merge-fields`;
    for (let i = 5; i <= 30; i++) expect((await mc.post(path, { name: `Field ${i}`, type: "text" })).status).toBe(200);
    const over = await mc.post(path, { name: "One too many", type: "text" });
    expect(over.status).toBe(400);
    expect(await over.json()).toMatchObject({
      title: "Invalid Resource",
      errors: [{ message: "You cannot create more merge fields than 30." }],
    });
  });
});

describe("groups", () => {
  it("creates categories and interests, sets them on members, and counts subscribers per interest", async () => {
    const listId = await mc.listId("Workshops");
    const category = await readJson<{ id: string; title: string; type: string }>(
      await mc.post(`/lists/${listId}/interest-categories`, { title: "Levels", type: "checkboxes" }),
    );
    expect(category).toMatchObject({ title: "Levels", type: "checkboxes", list_id: listId });
    const interestsPath = `/lists/${listId}/interest-categories/${category.id}/interests`;
    const beginner = await readJson<{ id: string; category_id: string }>(
      await mc.post(interestsPath, { name: "Beginner" }),
    );
    expect(beginner.category_id).toBe(category.id);
    await mc.post(`/lists/${listId}/members`, {
      email_address: "level@example.com",
      status: "subscribed",
      interests: { [beginner.id]: true },
    });
    const listed = await readJson<{ interests: { name: string; subscriber_count: string }[]; total_items: number }>(
      await mc.call(interestsPath),
    );
    expect(listed.interests).toEqual([expect.objectContaining({ name: "Beginner", subscriber_count: "1" })]);
    const unknown = await mc.post(`/lists/${listId}/members`, {
      email_address: "x@example.com",
      status: "subscribed",
      interests: { nope: true },
    });
    expect(unknown.status).toBe(400);
    const categories = await readJson<{ categories: { id: string }[] }>(
      await mc.call(`/lists/${listId}/interest-categories`),
    );
    expect(categories.categories.map((c) => c.id)).toContain(category.id);
    expect((await mc.patch(`${interestsPath}/${beginner.id}`, { name: "Starter" })).status).toBe(200);
    expect((await mc.del(`/lists/${listId}/interest-categories/${category.id}`)).status).toBe(204);
    expect((await mc.call(interestsPath)).status).toBe(404);
  });

  it("refuses the 61st group name of an audience", async () => {
    const listId = await mc.listId("Class Updates");
    const many = await readJson<{ id: string }>(
      await mc.post(`/lists/${listId}/interest-categories`, { title: "Many", type: "hidden" }),
    );
    const path = `/lists/${listId}/interest-categories/${many.id}/interests`;
    for (let i = 1; i <= 60; i++) expect((await mc.post(path, { name: `Group ${i}` })).status).toBe(200);
    const over = await mc.post(path, { name: "Group 61" });
    expect(over.status).toBe(400);
    expect((await over.json()).title).toBe("Invalid Resource");
  });
});

describe("tags", () => {
  it("adds and removes tags with 204, lists a member's tags, and searches the audience's tags by prefix", async () => {
    const listId = await mc.listId();
    const hash = subscriberHash("ava.brooks@example.com");
    const updated = await mc.post(`/lists/${listId}/members/${hash}/tags`, {
      tags: [
        { name: "Yoga Fan", status: "active" },
        { name: "Yearly", status: "active" },
      ],
      is_syncing: true,
    });
    expect(updated.status).toBe(204);
    expect(await updated.text()).toBe("");
    await mc.post(`/lists/${listId}/members/${hash}/tags`, { tags: [{ name: "Yearly", status: "inactive" }] });
    const tags = await readJson<{ tags: { id: number; name: string; date_added: string }[]; total_items: number }>(
      await mc.call(`/lists/${listId}/members/${hash}/tags`),
    );
    expect(tags.tags.map((t) => t.name)).toEqual(["Yoga Fan"]);
    expect(tags.total_items).toBe(1);
    expect(tags.tags[0]!.date_added).toMatch(/\+00:00$/);
    const search = await readJson<{ tags: { name: string }[] }>(await mc.call(`/lists/${listId}/tag-search?name=ye`));
    expect(search.tags.map((t) => t.name)).toEqual(["Yearly"]);
    expect(
      (await mc.post(`/lists/${listId}/members/${subscriberHash("no@example.com")}/tags`, { tags: [] })).status,
    ).toBe(404);
    const segments = await readJson<{ segments: { name: string; type: string }[] }>(
      await mc.call(`/lists/${listId}/segments?type=static`),
    );
    expect(segments.segments.map((s) => s.name)).toContain("Yoga Fan");
  });
});
