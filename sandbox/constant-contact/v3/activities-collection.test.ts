import { beforeAll, describe, expect, it } from "vitest";
import { api, connect, listIdByName, readJson, type ActivityJson } from "../testing/helpers";
import { connectedSandbox, type CcErrorsJson } from "../testing/connected-sandbox";

interface ActivitiesPageJson {
  activities: ActivityJson[];
  _links?: { next?: { href: string } };
}

const DAY_MS = 24 * 60 * 60 * 1000;
const sb = connectedSandbox({ importDelayMs: 2000 });
let newsletter: string;
beforeAll(async () => {
  newsletter = await listIdByName(sb.url, "sunrise@cc.test", "Newsletter");
});

async function page(path: string): Promise<ActivitiesPageJson> {
  const response = await sb.call(path);
  expect(response.status).toBe(200);
  return readJson<ActivitiesPageJson>(response);
}

async function submit(path: string, body: unknown): Promise<string> {
  const response = await sb.post(path, body);
  expect(response.status).toBe(201);
  return (await readJson<{ activity_id: string }>(response)).activity_id;
}

const importOne = (email: string) =>
  submit("/v3/activities/contacts_json_import", { import_data: [{ email }], list_ids: [newsletter] });

/** Every page of a collection, following `_links.next`. */
async function allPages(first: string): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let pages = 0;
  let path: string | null = first;
  while (path) {
    const body = await page(path);
    pages++;
    ids.push(...body.activities.map((a) => a.activity_id ?? ""));
    path = body._links?.next?.href ?? null;
  }
  return { ids, pages };
}

describe("GET /v3/activities", () => {
  it("lists this account's activities of every kind, newest first; never another account's", async () => {
    const tag = (await readJson<{ tag_id: string }>(await sb.post("/v3/contact_tags", { name: "Collected" }))).tag_id;
    const imported = await importOne("first@example.com");
    sb.clock.advance(10);
    const membership = await submit("/v3/activities/add_list_memberships", {
      source: { all_active_contacts: true },
      list_ids: [newsletter],
    });
    sb.clock.advance(10);
    const tagging = await submit("/v3/activities/contacts_taggings_add", {
      source: { all_active_contacts: true },
      tag_ids: [tag],
    });
    const maple = await connect(sb.url, { email: "maple@cc.test" });
    const mapleList = await readJson<{ list_id: string }>(
      await api(sb.url, maple.access_token, "/v3/contact_lists", { method: "POST", body: { name: "Maple only" } }),
    );
    const mapleImport = await api(sb.url, maple.access_token, "/v3/activities/contacts_json_import", {
      method: "POST",
      body: { import_data: [{ email: "maple@example.com" }], list_ids: [mapleList.list_id] },
    });
    const mapleId = (await readJson<{ activity_id: string }>(mapleImport)).activity_id;

    const body = await page("/v3/activities");
    expect(body.activities.map((a) => a.activity_id)).toEqual([tagging, membership, imported]);
    expect(body._links).toBeUndefined();
    const theirs = await readJson<ActivitiesPageJson>(await api(sb.url, maple.access_token, "/v3/activities"));
    expect(theirs.activities.map((a) => a.activity_id)).toEqual([mapleId]);
    sb.clock.advance(2000);
  });

  it("shows an import exactly as the single GET does, counts included", async () => {
    const id = await submit("/v3/activities/contacts_json_import", {
      import_data: [{ email: "counted@example.com" }, { email: "not-an-email" }, { email: "emma.wilson@example.com" }],
      list_ids: [newsletter],
    });
    // Due but not yet asked about: the collection settles it first, as the single GET would.
    sb.clock.advance(2000);
    const listed = (await page("/v3/activities")).activities.find((a) => a.activity_id === id);
    const single = await readJson<ActivityJson>(await sb.call(`/v3/activities/${id}`));
    expect(listed).toEqual(single);
    expect(listed).toMatchObject({
      state: "completed",
      status: { items_total_count: 3, items_completed_count: 3, person_count: 2, error_count: 1 },
      activity_errors: ["Row 2: email is invalid"],
    });
  });

  it("filters by state", async () => {
    const running = await importOne("running@example.com");
    sb.clock.advance(1000);
    const processing = await page("/v3/activities?state=processing");
    expect(processing.activities.map((a) => a.activity_id)).toEqual([running]);
    const completed = await page("/v3/activities?state=completed&limit=500");
    expect(completed.activities.length).toBeGreaterThan(0);
    expect(completed.activities.every((a) => a.state === "completed")).toBe(true);
    expect(completed.activities.map((a) => a.activity_id)).not.toContain(running);
    expect((await page("/v3/activities?state=failed")).activities).toEqual([]);
    expect((await sb.call("/v3/activities?state=initialized")).status).toBe(400);
    sb.clock.advance(1000);
    expect((await page("/v3/activities?state=processing")).activities).toEqual([]);
  });

  it("validates limit (1..500) with a 400 in CC's format", async () => {
    for (const limit of ["0", "501", "abc", "2.5"]) {
      const response = await sb.call(`/v3/activities?limit=${limit}`);
      expect(response.status).toBe(400);
      const errors = await readJson<CcErrorsJson>(response);
      expect(errors[0]).toEqual({ error_key: "activities.api.validation.error", error_message: expect.any(String) });
    }
    expect((await sb.call("/v3/activities?limit=1")).status).toBe(200);
    expect((await sb.call("/v3/activities?limit=500")).status).toBe(200);
  });

  it("pages with _links.next", async () => {
    const all = (await page("/v3/activities?limit=500")).activities.map((a) => a.activity_id);
    expect(all.length).toBeGreaterThanOrEqual(5);
    const limit = Math.ceil(all.length / 2);
    const first = await page(`/v3/activities?limit=${limit}`);
    expect(first.activities).toHaveLength(limit);
    expect(first._links?.next?.href).toMatch(/^\/v3\/activities\?cursor=/);
    const paged = await allPages(`/v3/activities?limit=${limit}`);
    expect(paged.pages).toBe(2);
    expect(paged.ids).toEqual(all);
    expect((await sb.call("/v3/activities?cursor=forged")).status).toBe(400);
  });

  it("forgets activities older than 10 days", async () => {
    const before = (await page("/v3/activities?limit=500")).activities.map((a) => a.activity_id);
    sb.clock.advance(5 * DAY_MS);
    await sb.reconnect();
    const recent = await importOne("recent@example.com");
    sb.clock.advance(4 * DAY_MS);
    await sb.reconnect();
    // Nine days on, all still listed.
    expect((await page("/v3/activities?limit=500")).activities.map((a) => a.activity_id)).toEqual([recent, ...before]);
    sb.clock.advance(DAY_MS + 60_000);
    await sb.reconnect();
    const later = (await page("/v3/activities?limit=500")).activities.map((a) => a.activity_id);
    expect(later).toEqual([recent]);
    for (const id of before) expect((await sb.call(`/v3/activities/${id}`)).status).toBe(404);
  });
});
