import { beforeAll, describe, expect, it } from "vitest";
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
  type SeedJson,
} from "../testing/helpers";
import { connectedSandbox } from "../testing/connected-sandbox";

const sb = connectedSandbox({ importDelayMs: 2000 });
let newsletter: string;
let workshops: string;
beforeAll(async () => {
  newsletter = await listIdByName(sb.url, "sunrise@cc.test", "Newsletter");
  workshops = await listIdByName(sb.url, "sunrise@cc.test", "Workshops");
});

async function activity(id: string): Promise<ActivityJson> {
  const response = await sb.call(`/v3/activities/${id}`);
  expect(response.status).toBe(200);
  return readJson<ActivityJson>(response);
}

async function findContact(email: string): Promise<ContactJson | undefined> {
  const body = await readJson<ContactsPageJson>(
    await sb.call(
      `/v3/contacts?status=all&include=list_memberships,street_addresses&email=${encodeURIComponent(email)}`,
    ),
  );
  return body.contacts[0];
}

describe("POST /v3/activities/contacts_json_import", () => {
  it("answers 201 with an activity that goes initialized → processing → completed, effects applied on completion", async () => {
    const response = await sb.post("/v3/activities/contacts_json_import", {
      import_data: [{ email: "New.Person@Example.com", first_name: "New", last_name: "Person", city: "Bend" }],
      list_ids: [newsletter],
    });
    expect(response.status).toBe(201);
    const created = await response.json();
    expect(created).toEqual({
      activity_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      state: "initialized",
      _links: { self: { href: `/v3/activities/${created.activity_id}` } },
    });
    const queued = await activity(created.activity_id);
    expect(queued).toMatchObject({ state: "initialized", percent_done: 0, activity_errors: [] });
    expect(queued.started_at).toBeUndefined();
    expect(await findContact("new.person@example.com")).toBeUndefined();
    sb.clock.advance(1000);
    const processing = await activity(created.activity_id);
    expect(processing.state).toBe("processing");
    expect(processing.started_at).toEqual(expect.any(String));
    expect(await findContact("new.person@example.com")).toBeUndefined();
    sb.clock.advance(1000);
    const done = await activity(created.activity_id);
    expect(done).toMatchObject({
      state: "completed",
      percent_done: 100,
      completed_at: expect.any(String),
      status: {
        items_total_count: 1,
        items_completed_count: 1,
        person_count: 1,
        error_count: 0,
        cannot_add_to_list_count: 0,
      },
      _links: { self: { href: `/v3/activities/${created.activity_id}` } },
    });
    const contact = await findContact("new.person@example.com");
    expect(contact).toMatchObject({
      first_name: "New",
      create_source: "Account",
      email_address: { permission_to_send: "implicit", opt_in_source: "Account" },
      list_memberships: [newsletter],
      street_addresses: [expect.objectContaining({ city: "Bend" })],
    });
  });

  it("changes only the fields sent for existing contacts, never re-adds unsubscribed contacts, and counts bad rows", async () => {
    const response = await sb.post("/v3/activities/contacts_json_import", {
      import_data: [
        { email: " LIAM.chen@example.com ", city: "Gresham" },
        { email: "emma.wilson@example.com", first_name: "Emmy" },
        { email: "not-an-email", first_name: "X" },
        { email: "long.name@example.com", first_name: "y".repeat(51) },
        { first_name: "no email" },
        { email: `${"z".repeat(45)}@x.com` },
      ],
      list_ids: [workshops, newsletter],
    });
    const { activity_id } = await response.json();
    sb.clock.advance(2000);
    const done = await activity(activity_id);
    expect(done.status).toMatchObject({
      items_total_count: 6,
      error_count: 4,
      cannot_add_to_list_count: 1,
      person_count: 2,
    });
    expect(done.activity_errors).toEqual([
      "Row 3: email is invalid",
      "Row 4: first_name is longer than 50 characters",
      "Row 5: email is required",
      "Row 6: email is longer than 50 characters",
    ]);
    const liam = await findContact("liam.chen@example.com");
    expect(liam?.first_name).toBe("Liam");
    expect(liam?.last_name).toBe("Chen");
    expect(liam?.street_addresses?.[0]?.city).toBe("Gresham");
    expect(liam?.list_memberships?.sort()).toEqual([newsletter, workshops].sort());
    const emma = await findContact("emma.wilson@example.com");
    expect(emma?.first_name).toBe("Emmy"); // data fields still update
    expect(emma?.email_address?.permission_to_send).toBe("unsubscribed");
    expect(emma?.list_memberships).toEqual([newsletter]); // was on Newsletter already, not added to Workshops
  });

  it("rejects bad requests with 400 in CC's format", async () => {
    const bodies = [
      { import_data: [{ email: "a@example.com" }] },
      { import_data: [{ email: "a@example.com" }], list_ids: [] },
      { import_data: [{ email: "a@example.com" }], list_ids: ["not-a-uuid"] },
      { import_data: [{ email: "a@example.com" }], list_ids: Array(51).fill(newsletter) },
      { import_data: [], list_ids: [newsletter] },
    ];
    for (const body of bodies) {
      const response = await sb.post("/v3/activities/contacts_json_import", body);
      expect(response.status).toBe(400);
      expect((await response.json())[0]).toEqual({ error_key: expect.any(String), error_message: expect.any(String) });
    }
    const unknownList = await sb.post("/v3/activities/contacts_json_import", {
      import_data: [{ email: "a@example.com" }],
      list_ids: ["00000000-0000-4000-8000-000000000000"],
    });
    expect(unknownList.status).toBe(404);
    expect(
      (
        await sb.call("/v3/activities/contacts_json_import", {
          method: "POST",
          rawBody: '{"import_data": [',
        })
      ).status,
    ).toBe(400);
  });

  it("takes 40,000 rows in one import and refuses 40,001 whole with a 400, importing nothing", async () => {
    const rows = (count: number, prefix: string) =>
      Array.from({ length: count }, (_, i) => ({ email: `${prefix}${i}@e.co` }));
    const refused = await sb.post("/v3/activities/contacts_json_import", {
      list_ids: [newsletter],
      import_data: rows(40_001, "over"),
    });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual([
      {
        error_key: "activities.api.validation.error",
        error_message: "#/import_data: An import can contain at most 40,000 contacts.",
      },
    ]);
    expect(await findContact("over0@e.co")).toBeUndefined();
    // The largest import CC takes; well under 4 MB, so nothing is cut.
    const largest = await sb.finishActivity(
      "/v3/activities/contacts_json_import",
      { list_ids: [newsletter], import_data: rows(40_000, "max") },
      2_000,
    );
    expect(largest.status).toMatchObject({ items_total_count: 40_000, person_count: 40_000, error_count: 0 });
  });

  it("cuts a body over 4 MB at 4 MB and silently drops the rows past the cut", async () => {
    const LIMIT = 4 * 1024 * 1024;
    const prefix = `{"list_ids":["${newsletter}"],"import_data":[`;
    let body = prefix;
    const rowEnds: number[] = [];
    for (let i = 0; body.length < LIMIT + 200_000; i++) {
      const row = JSON.stringify({
        email: `cut${i}@example.com`,
        first_name: "F".repeat(50),
        last_name: "L".repeat(50),
        city: "C".repeat(50),
        street: "S".repeat(250),
      });
      body += (i === 0 ? "" : ",") + row;
      rowEnds.push(body.length);
    }
    body += "]}";
    expect(Buffer.byteLength(body)).toBeGreaterThan(LIMIT);
    const surviving = rowEnds.filter((end) => end <= LIMIT).length;
    expect(surviving).toBeLessThan(rowEnds.length);
    const response = await sb.call("/v3/activities/contacts_json_import", { method: "POST", rawBody: body });
    expect(response.status).toBe(201);
    const { activity_id } = await response.json();
    sb.clock.advance(2000);
    const done = await activity(activity_id);
    expect(done.status).toMatchObject({ items_total_count: surviving, person_count: surviving, error_count: 0 });
    expect(await findContact(`cut${surviving - 1}@example.com`)).toBeDefined();
    expect(await findContact(`cut${surviving}@example.com`)).toBeUndefined();
    expect(await findContact(`cut${rowEnds.length - 1}@example.com`)).toBeUndefined();
  });

  it("fails with 400 when the cut takes list_ids (sent after import_data) away", async () => {
    const rows = Array.from({ length: 15_000 }, (_, i) => ({ email: `late${i}@example.com`, street: "S".repeat(255) }));
    const body = JSON.stringify({ import_data: rows, list_ids: [newsletter] });
    expect(Buffer.byteLength(body)).toBeGreaterThan(4 * 1024 * 1024);
    const response = await sb.call("/v3/activities/contacts_json_import", { method: "POST", rawBody: body });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain("list_ids");
  });

  it("answers 429 past 1,000 queued activities in an account", async () => {
    await control(sb.url, "/config", { importDelayMs: 60_000 });
    const queue = await connect(sb.url, { email: "maple@cc.test" });
    const listId = await listIdByName(sb.url, "maple@cc.test", "Members");
    try {
      for (let i = 0; i < 1000; i++) {
        const response = await api(sb.url, queue.access_token, "/v3/activities/contacts_json_import", {
          method: "POST",
          body: { import_data: [{ email: `q${i}@example.com` }], list_ids: [listId] },
        });
        expect(response.status).toBe(201);
      }
      const refused = await api(sb.url, queue.access_token, "/v3/activities/contacts_json_import", {
        method: "POST",
        body: { import_data: [{ email: "one.more@example.com" }], list_ids: [listId] },
      });
      expect(refused.status).toBe(429);
      expect(refused.headers.get("retry-after")).toBeNull();
      // Other accounts have their own queue.
      expect(
        (
          await sb.post("/v3/activities/contacts_json_import", {
            import_data: [{ email: "other@example.com" }],
            list_ids: [newsletter],
          })
        ).status,
      ).toBe(201);
      sb.clock.advance(60_000);
      const again = await api(sb.url, queue.access_token, "/v3/activities/contacts_json_import", {
        method: "POST",
        body: { import_data: [{ email: "one.more@example.com" }], list_ids: [listId] },
      });
      expect(again.status).toBe(201);
    } finally {
      await control(sb.url, "/config", { importDelayMs: 2000 });
    }
  });
});

describe("list membership activities", () => {
  it("add_list_memberships adds contacts but never unsubscribed ones", async () => {
    const { lists } = await control<SeedJson>(sb.url, "/seed", {
      accountEmail: "sunrise@cc.test",
      lists: [{ name: "Target" }],
    });
    const target = lists[0]!.list_id;
    const response = await sb.post("/v3/activities/add_list_memberships", {
      source: { list_ids: [newsletter] },
      list_ids: [target],
    });
    expect(response.status).toBe(201);
    const { activity_id } = await response.json();
    sb.clock.advance(2000);
    const done = await activity(activity_id);
    expect(done.status).toMatchObject({ items_completed_count: done.status?.items_total_count, list_count: 1 });
    const members = await control<ControlContactsJson>(sb.url, `/accounts/sunrise@cc.test/contacts?list=Target`);
    expect(members.total).toBeGreaterThan(0);
    for (const contact of members.contacts) expect(contact.permission_to_send).not.toBe("unsubscribed");
    const newsletterMembers = await control<ControlContactsJson>(
      sb.url,
      "/accounts/sunrise@cc.test/contacts?list=Newsletter",
    );
    expect(newsletterMembers.contacts.some((c) => c.permission_to_send === "unsubscribed")).toBe(true);
  });

  it("remove_list_memberships by contact_ids", async () => {
    const ava = await findContact("ava.brooks@example.com");
    const response = await sb.post("/v3/activities/remove_list_memberships", {
      source: { contact_ids: [ava!.contact_id] },
      list_ids: [newsletter],
    });
    expect(response.status).toBe(201);
    const { activity_id } = await response.json();
    expect((await findContact("ava.brooks@example.com"))?.list_memberships).toContain(newsletter);
    sb.clock.advance(2000);
    await activity(activity_id);
    expect((await findContact("ava.brooks@example.com"))?.list_memberships).not.toContain(newsletter);
  });

  it("validates the source", async () => {
    const bodies = [
      { source: {}, list_ids: [newsletter] },
      {
        source: { contact_ids: ["00000000-0000-4000-8000-000000000000"], all_active_contacts: true },
        list_ids: [newsletter],
      },
      { source: { contact_ids: Array(501).fill("00000000-0000-4000-8000-000000000000") }, list_ids: [newsletter] },
      { source: { all_active_contacts: true } },
    ];
    for (const body of bodies) expect((await sb.post("/v3/activities/remove_list_memberships", body)).status).toBe(400);
  });

  it("does not show another account's activity", async () => {
    const { activity_id } = await (
      await sb.post("/v3/activities/add_list_memberships", {
        source: { all_active_contacts: true },
        list_ids: [workshops],
      })
    ).json();
    const maple = await connect(sb.url, { email: "maple@cc.test" });
    expect((await api(sb.url, maple.access_token, `/v3/activities/${activity_id}`)).status).toBe(404);
  });
});
