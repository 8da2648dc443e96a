import { beforeAll, describe, expect, it } from "vitest";
import {
  api,
  connect,
  control,
  listIdByName,
  readJson,
  type ContactJson,
  type ContactsPageJson,
  type ControlContactJson,
  type SeedJson,
} from "../testing/helpers";
import { connectedSandbox } from "../testing/connected-sandbox";

const sb = connectedSandbox();
let newsletter: string;
let workshops: string;
beforeAll(async () => {
  newsletter = await listIdByName(sb.url, "sunrise@cc.test", "Newsletter");
  workshops = await listIdByName(sb.url, "sunrise@cc.test", "Workshops");
});

async function getJson<T>(path: string): Promise<T> {
  const response = await sb.call(path);
  expect(response.status, await response.clone().text()).toBe(200);
  return readJson<T>(response);
}

async function createContact(email: string, extra: Record<string, unknown> = {}): Promise<ContactJson> {
  const response = await sb.call("/v3/contacts", {
    method: "POST",
    body: { email_address: { address: email }, create_source: "Account", ...extra },
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return readJson<ContactJson>(response);
}

describe("GET /v3/contacts", () => {
  it("lists contacts in CC's shape, sub-resources only with include", async () => {
    const body = await getJson<ContactsPageJson>("/v3/contacts?email=ava.brooks@example.com");
    expect(body.contacts).toHaveLength(1);
    const contact = body.contacts[0];
    expect(contact).toMatchObject({
      contact_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      email_address: {
        address: "ava.brooks@example.com",
        permission_to_send: "implicit",
        confirm_status: "off",
        created_at: expect.any(String),
        updated_at: expect.any(String),
      },
      first_name: "Ava",
      last_name: "Brooks",
      create_source: "Account",
      update_source: "Account",
    });
    expect(contact?.list_memberships).toBeUndefined();
    expect(contact?.street_addresses).toBeUndefined();
    const withIncludes = await getJson<ContactsPageJson>(
      "/v3/contacts?email=ava.brooks@example.com&include=list_memberships,street_addresses",
    );
    expect(withIncludes.contacts[0]?.list_memberships).toEqual([newsletter]);
    expect(withIncludes.contacts[0]?.street_addresses).toEqual([
      expect.objectContaining({ kind: "home", city: "Portland" }),
    ]);
  });

  it("matches email case-insensitively after trimming", async () => {
    const body = await getJson<ContactsPageJson>(
      `/v3/contacts?email=${encodeURIComponent("  Ava.BROOKS@Example.com ")}`,
    );
    expect(body.contacts).toHaveLength(1);
  });

  it("filters by status and excludes deleted contacts by default", async () => {
    const created = await createContact("to.delete@example.com");
    expect((await sb.call(`/v3/contacts/${created.contact_id}`, { method: "DELETE" })).status).toBe(204);
    const byDefault = await getJson<ContactsPageJson>("/v3/contacts?limit=500");
    const emails = byDefault.contacts.map((c) => c.email_address?.address);
    expect(emails).not.toContain("to.delete@example.com");
    expect(emails).toContain("emma.wilson@example.com");
    const deleted = await getJson<ContactsPageJson>("/v3/contacts?status=deleted");
    expect(deleted.contacts.map((c) => c.email_address?.address)).toEqual(["to.delete@example.com"]);
    expect(deleted.contacts[0]?.deleted_at).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const all = await getJson<ContactsPageJson>("/v3/contacts?status=all&limit=500");
    expect(all.contacts).toHaveLength(byDefault.contacts.length + 1);
    const unsubscribed = await getJson<ContactsPageJson>("/v3/contacts?status=unsubscribed");
    expect(unsubscribed.contacts.map((c) => c.email_address?.address).sort()).toEqual([
      "emma.wilson@example.com",
      "oliver.kim@example.com",
    ]);
    for (const c of unsubscribed.contacts)
      expect(c.email_address).toMatchObject({
        permission_to_send: "unsubscribed",
        opt_out_source: "Contact",
        opt_out_date: expect.any(String),
      });
    const active = await getJson<ContactsPageJson>("/v3/contacts?status=active&limit=500");
    expect(
      active.contacts.every((c) => ["implicit", "explicit"].includes(c.email_address?.permission_to_send ?? "")),
    ).toBe(true);
    const either = await getJson<ContactsPageJson>("/v3/contacts?status=unsubscribed,deleted");
    expect(either.contacts).toHaveLength(3);
  });

  it("filters by lists and counts with include_count", async () => {
    const body = await getJson<ContactsPageJson>(
      `/v3/contacts?lists=${workshops}&include_count=true&include=list_memberships`,
    );
    expect(body.contacts_count).toBe(body.contacts.length);
    expect(body.contacts.length).toBeGreaterThan(0);
    for (const c of body.contacts) expect(c.list_memberships).toContain(workshops);
  });

  it("validates the query in CC's error format", async () => {
    for (const query of [
      "limit=0",
      "limit=501",
      "limit=abc",
      "status=gone",
      "include=everything",
      `lists=${Array(26).fill(newsletter).join(",")}`,
      "lists=not-a-uuid",
      "updated_after=yesterday",
    ]) {
      const response = await sb.call(`/v3/contacts?${query}`);
      expect(response.status, query).toBe(400);
      const body = await response.json();
      expect(Array.isArray(body)).toBe(true);
      expect(body[0]).toEqual({ error_key: expect.any(String), error_message: expect.any(String) });
    }
    expect((await sb.call("/v3/contacts?limit=500")).status).toBe(200);
  });

  it("pages with _links.next until every contact was seen exactly once", async () => {
    const seed = await control<SeedJson>(sb.url, "/seed", {
      account: { email: "paging@cc.test" },
      lists: [{ name: "Everyone" }],
      contacts: { count: 1234, listName: "Everyone", unsubscribedEvery: 10 },
    });
    const pagingToken = (await connect(sb.url, { email: "paging@cc.test" })).access_token;
    const seen: (string | undefined)[] = [];
    let path: string | null = `/v3/contacts?limit=100&include_count=true&lists=${seed.lists[0]!.list_id}`;
    let pages = 0;
    while (path) {
      const response = await api(sb.url, pagingToken, path);
      const body: ContactsPageJson = await readJson(response);
      seen.push(...body.contacts.map((c) => c.contact_id));
      if (pages === 0) expect(body.contacts_count).toBe(1234);
      path = body._links?.next?.href ?? null;
      if (path) expect(path).toMatch(/^\/v3\/contacts\?cursor=[A-Za-z0-9_-]+$/);
      pages++;
    }
    expect(pages).toBe(13);
    expect(seen).toHaveLength(1234);
    expect(new Set(seen).size).toBe(1234);
    // The cursor keeps the filter: an unsubscribed-only scan pages through exactly those.
    let unsubscribed = 0;
    path = "/v3/contacts?status=unsubscribed&limit=50";
    while (path) {
      const body: ContactsPageJson = await readJson(await api(sb.url, pagingToken, path));
      unsubscribed += body.contacts.length;
      path = body._links?.next?.href ?? null;
    }
    expect(unsubscribed).toBe(123);
  });

  it("rejects a forged cursor", async () => {
    const response = await sb.call("/v3/contacts?cursor=garbage");
    expect(response.status).toBe(400);
  });

  it("updated_after does not see unsubscribes (only the contact's own updated_at counts)", async () => {
    const created = await createContact("will.unsubscribe@example.com", { first_name: "Will" });
    sb.clock.advance(60_000);
    const since = new Date(sb.clock.now()).toISOString();
    sb.clock.advance(60_000);
    const unsubscribed = await control<ControlContactJson>(sb.url, "/unsubscribe", {
      accountEmail: "sunrise@cc.test",
      email: "Will.Unsubscribe@example.com",
    });
    expect(unsubscribed.permission_to_send).toBe("unsubscribed");
    const contact = await getJson<ContactJson>(`/v3/contacts/${created.contact_id}`);
    expect(contact.email_address).toMatchObject({ permission_to_send: "unsubscribed", opt_out_source: "Contact" });
    expect(Date.parse(contact.email_address!.opt_out_date!)).toBeGreaterThan(Date.parse(since));
    expect(Date.parse(contact.email_address!.updated_at!)).toBeGreaterThan(Date.parse(since));
    expect(contact.updated_at).toBe(created.updated_at);
    const changed = await getJson<ContactsPageJson>(
      `/v3/contacts?status=unsubscribed&updated_after=${encodeURIComponent(since)}`,
    );
    expect(changed.contacts.map((c) => c.contact_id)).not.toContain(created.contact_id);
    const scan = await getJson<ContactsPageJson>("/v3/contacts?status=unsubscribed&limit=500");
    expect(scan.contacts.map((c) => c.contact_id)).toContain(created.contact_id);
    // A real edit of the contact does show up.
    const edited = await sb.call(`/v3/contacts/${created.contact_id}`, {
      method: "PUT",
      body: {
        email_address: { address: "will.unsubscribe@example.com" },
        first_name: "William",
        update_source: "Account",
      },
    });
    expect(edited.status).toBe(200);
    const after = await getJson<ContactsPageJson>(
      `/v3/contacts?status=unsubscribed&updated_after=${encodeURIComponent(since)}`,
    );
    expect(after.contacts.map((c) => c.contact_id)).toContain(created.contact_id);
  });
});

describe("single contacts", () => {
  it("PUT replaces the whole contact: omitted fields become null, list_memberships becomes the full set", async () => {
    const created = await createContact("put.me@example.com", {
      first_name: "Pat",
      last_name: "Mee",
      job_title: "Teacher",
      list_memberships: [newsletter, workshops],
      street_addresses: [{ kind: "home", city: "Salem" }],
    });
    expect(created.list_memberships?.sort()).toEqual([newsletter, workshops].sort());
    const response = await sb.call(`/v3/contacts/${created.contact_id}`, {
      method: "PUT",
      body: {
        email_address: { address: "put.me@example.com" },
        first_name: "Patricia",
        list_memberships: [workshops],
        update_source: "Account",
      },
    });
    expect(response.status).toBe(200);
    const contact = await getJson<ContactJson>(
      `/v3/contacts/${created.contact_id}?include=list_memberships,street_addresses`,
    );
    expect(contact.first_name).toBe("Patricia");
    expect(contact.last_name).toBeUndefined();
    expect(contact.job_title).toBeUndefined();
    expect(contact.list_memberships).toEqual([workshops]);
    // Sub-resources left out of a PUT are not touched.
    expect(contact.street_addresses?.[0]?.city).toBe("Salem");
  });

  it("PUT requires update_source and refuses another contact's email", async () => {
    const a = await createContact("put.a@example.com");
    const missing = await sb.call(`/v3/contacts/${a.contact_id}`, {
      method: "PUT",
      body: { email_address: { address: "put.a@example.com" } },
    });
    expect(missing.status).toBe(400);
    const taken = await sb.call(`/v3/contacts/${a.contact_id}`, {
      method: "PUT",
      body: { email_address: { address: "AVA.brooks@example.com" }, update_source: "Account" },
    });
    expect(taken.status).toBe(409);
  });

  it("PUT cannot opt a contact back in after the contact unsubscribed", async () => {
    const emma = (await getJson<ContactsPageJson>("/v3/contacts?email=emma.wilson@example.com")).contacts[0]!;
    const response = await sb.call(`/v3/contacts/${emma.contact_id}`, {
      method: "PUT",
      body: {
        email_address: { address: emma.email_address!.address, permission_to_send: "implicit" },
        first_name: "Emma",
        update_source: "Account",
      },
    });
    expect(response.status).toBe(200);
    expect((await response.json()).email_address.permission_to_send).toBe("unsubscribed");
  });

  it("POST answers 409 for an existing email, deleted contacts included", async () => {
    const existing = await sb.call("/v3/contacts", {
      method: "POST",
      body: { email_address: { address: "Liam.Chen@example.com" }, create_source: "Account" },
    });
    expect(existing.status).toBe(409);
    expect((await existing.json())[0].error_key).toBe("contacts.api.conflict");
    const doomed = await createContact("deleted.once@example.com");
    await sb.call(`/v3/contacts/${doomed.contact_id}`, { method: "DELETE" });
    const again = await sb.call("/v3/contacts", {
      method: "POST",
      body: { email_address: { address: "deleted.once@example.com" }, create_source: "Account" },
    });
    expect(again.status).toBe(409);
  });

  it("validates POST bodies: field lengths, email format, create_source", async () => {
    const bodies = [
      { email_address: { address: "x@example.com" } },
      { email_address: { address: "not-an-email" }, create_source: "Account" },
      { email_address: { address: "long@example.com" }, first_name: "x".repeat(51), create_source: "Account" },
      {
        email_address: { address: "two@example.com" },
        street_addresses: [{ kind: "home" }, { kind: "work" }],
        create_source: "Account",
      },
    ];
    for (const body of bodies) expect((await sb.call("/v3/contacts", { method: "POST", body })).status).toBe(400);
  });

  it("answers malformed JSON, a wrong content type, and unknown ids and paths in CC's format", async () => {
    const malformed = await sb.call("/v3/contacts", { method: "POST", rawBody: "{ nope" });
    expect(malformed.status).toBe(400);
    expect((await malformed.json())[0]).toMatchObject({ error_key: "malformed_json" });
    const text = await fetch(`${sb.url}/v3/contacts`, {
      method: "POST",
      headers: { authorization: `Bearer ${sb.token}` },
      body: "{}",
    });
    expect(text.status).toBe(415);
    const missing = await sb.call("/v3/contacts/00000000-0000-4000-8000-000000000000");
    expect(missing.status).toBe(404);
    expect((await missing.json())[0]).toMatchObject({ error_key: "contacts.api.not_found" });
    const unknown = await sb.call("/v3/no_such_thing");
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual([{ error_key: "not_found", error_message: expect.any(String) }]);
  });

  it("sign_up_form creates (201) or updates (200) by email, appends lists and sets explicit permission", async () => {
    const created = await sb.call("/v3/contacts/sign_up_form", {
      method: "POST",
      body: { email_address: "Sign.Up@example.com", first_name: "Sig", list_memberships: [newsletter] },
    });
    expect(created.status).toBe(201);
    const { contact_id, action } = await created.json();
    expect(action).toBe("created");
    const updated = await sb.call("/v3/contacts/sign_up_form", {
      method: "POST",
      body: { email_address: "sign.up@example.com", last_name: "Nup", list_memberships: [workshops] },
    });
    expect(updated.status).toBe(200);
    expect(await updated.json()).toEqual({ contact_id, action: "updated" });
    const contact = await getJson<ContactJson>(`/v3/contacts/${contact_id}?include=list_memberships`);
    expect(contact).toMatchObject({
      first_name: "Sig",
      last_name: "Nup",
      email_address: { permission_to_send: "explicit", opt_in_source: "Contact" },
    });
    expect(contact.list_memberships?.sort()).toEqual([newsletter, workshops].sort());
    // It even opts back in an unsubscribed contact: the reason background sync must never use it.
    const oliver = await sb.call("/v3/contacts/sign_up_form", {
      method: "POST",
      body: { email_address: "oliver.kim@example.com", list_memberships: [newsletter] },
    });
    expect(oliver.status).toBe(200);
    const after = await getJson<ContactsPageJson>("/v3/contacts?email=oliver.kim@example.com");
    expect(after.contacts[0]?.email_address?.permission_to_send).toBe("explicit");
    const tooLong = await sb.call("/v3/contacts/sign_up_form", {
      method: "POST",
      body: { email_address: `${"a".repeat(40)}@example.com`, list_memberships: [newsletter] },
    });
    expect(tooLong.status).toBe(400);
  });
});

describe("scopes", () => {
  it("403 without contact_data, 403 on the account summary without account_read", async () => {
    const accountOnly = (await connect(sb.url, { scope: "account_read" })).access_token;
    const forbidden = await api(sb.url, accountOnly, "/v3/contacts");
    expect(forbidden.status).toBe(403);
    expect((await forbidden.json())[0].error_key).toBe("forbidden");
    expect(
      (await api(sb.url, accountOnly, "/v3/activities/contacts_json_import", { method: "POST", body: {} })).status,
    ).toBe(403);
    const summary = await api(sb.url, accountOnly, "/v3/account/summary");
    expect(summary.status).toBe(200);
    expect(await summary.json()).toMatchObject({
      organization_name: "Sunrise Yoga Marketing",
      encoded_account_id: expect.stringMatching(/^a[0-9a-f]+$/),
      contact_email: "sunrise@cc.test",
    });
    const contactsOnly = (await connect(sb.url, { scope: "contact_data" })).access_token;
    expect((await api(sb.url, contactsOnly, "/v3/account/summary")).status).toBe(403);
  });

  it("401 without a token or with a forged one", async () => {
    expect((await fetch(`${sb.url}/v3/contacts`)).status).toBe(401);
    const [head, body] = sb.token.split(".");
    expect((await api(sb.url, `${head}.${body}.forged`, "/v3/contacts")).status).toBe(401);
  });
});
