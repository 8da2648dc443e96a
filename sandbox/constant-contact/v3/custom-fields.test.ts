import { beforeAll, describe, expect, it } from "vitest";
import { control, listIdByName, readJson, type ControlContactsJson } from "../testing/helpers";
import { connectedSandbox } from "../testing/connected-sandbox";

type FieldJson = { custom_field_id: string; label: string; name: string; type: string };

const sb = connectedSandbox({ importDelayMs: 1000 });
let newsletter: string;
beforeAll(async () => {
  newsletter = await listIdByName(sb.url, "sunrise@cc.test", "Newsletter");
});

const importAndFinish = (rows: unknown[]) =>
  sb.finishActivity("/v3/activities/contacts_json_import", { import_data: rows, list_ids: [newsletter] }, 1000);

async function controlContact(email: string) {
  const body = await control<ControlContactsJson>(
    sb.url,
    `/accounts/sunrise@cc.test/contacts?email=${encodeURIComponent(email)}`,
  );
  return body.contacts[0]!;
}

describe("/v3/contact_custom_fields", () => {
  it("creates a field whose name is the label with underscores, lists it, refuses a duplicate with 409", async () => {
    const created = await sb.post("/v3/contact_custom_fields", { label: "Client type", type: "string" });
    expect(created.status).toBe(201);
    const field = await readJson<FieldJson>(created);
    expect(field).toMatchObject({ label: "Client type", name: "Client_type", type: "string" });
    const list = await readJson<{ custom_fields: FieldJson[] }>(await sb.call("/v3/contact_custom_fields?limit=100"));
    expect(list.custom_fields.map((f) => f.name)).toContain("Client_type");
    expect((await sb.post("/v3/contact_custom_fields", { label: "Client type", type: "string" })).status).toBe(409);
    expect((await sb.post("/v3/contact_custom_fields", { label: "x".repeat(51), type: "string" })).status).toBe(400);
  });

  it("refuses the 101st field of an account", async () => {
    const existing = await readJson<{ custom_fields: FieldJson[] }>(
      await sb.call("/v3/contact_custom_fields?limit=100"),
    );
    for (let i = existing.custom_fields.length; i < 100; i++) {
      expect((await sb.post("/v3/contact_custom_fields", { label: `Filler ${i}`, type: "string" })).status).toBe(201);
    }
    const refused = await sb.post("/v3/contact_custom_fields", { label: "One too many", type: "string" });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("at most 100 custom fields");
    // Make room again for the other tests.
    const all = await readJson<{ custom_fields: FieldJson[] }>(await sb.call("/v3/contact_custom_fields?limit=100"));
    for (const f of all.custom_fields.filter((f) => f.name.startsWith("Filler"))) {
      expect((await sb.call(`/v3/contact_custom_fields/${f.custom_field_id}`, { method: "DELETE" })).status).toBe(204);
    }
  });
});

describe("cf: values in contacts_json_import", () => {
  it("sets values, clears one with an empty string, and leaves the contact's other custom fields alone", async () => {
    await sb.post("/v3/contact_custom_fields", { label: "Groups", type: "string" });
    let done = await importAndFinish([
      { email: "cf.person@example.com", "cf:Client_type": "Member", "cf:Groups": "Seniors" },
    ]);
    expect(done.status?.error_count ?? 0).toBe(0);
    await control(sb.url, "/contact-extras", {
      accountEmail: "sunrise@cc.test",
      email: "cf.person@example.com",
      customFields: { "Favourite class": "Yoga" },
      tags: ["VIP"],
    });
    expect((await controlContact("cf.person@example.com")).custom_fields).toEqual({
      Client_type: "Member",
      Groups: "Seniors",
      Favourite_class: "Yoga",
    });

    done = await importAndFinish([{ email: "cf.person@example.com", "cf:Groups": "" }]);
    expect(done.status?.error_count ?? 0).toBe(0);
    const after = await controlContact("cf.person@example.com");
    expect(after.custom_fields).toEqual({ Client_type: "Member", Favourite_class: "Yoga" });
    expect(after.tags).toEqual(["VIP"]);
    const viaApi = await readJson<{ contacts: { custom_fields?: { custom_field_id: string; value: string }[] }[] }>(
      await sb.call("/v3/contacts?email=cf.person@example.com&include=custom_fields"),
    );
    expect(viaApi.contacts[0]!.custom_fields).toHaveLength(2);
  });

  it("refuses a row with an unknown field, an over-long value or more than 25 custom fields; the other rows go in", async () => {
    const many = Object.fromEntries(Array.from({ length: 26 }, (_, i) => [`cf:F${i}`, "x"]));
    const done = await importAndFinish([
      { email: "ok.row@example.com", "cf:Client_type": "Member" },
      { email: "unknown.cf@example.com", "cf:Nope": "x" },
      { email: "long.cf@example.com", "cf:Groups": "g".repeat(256) },
      { email: "many.cf@example.com", ...many },
    ]);
    expect(done.status?.error_count).toBe(3);
    expect(done.activity_errors).toEqual([
      "Row 2: cf:Nope is not a custom field of this account",
      "Row 3: cf:Groups is longer than 255 characters",
      "Row 4: a contact can have at most 25 custom fields",
    ]);
    expect((await controlContact("ok.row@example.com")).custom_fields).toEqual({ Client_type: "Member" });
    const refused = await control<ControlContactsJson>(
      sb.url,
      "/accounts/sunrise@cc.test/contacts?email=unknown.cf@example.com",
    );
    expect(refused.total).toBe(0);
  });

  it("deleting a field removes its values from every contact", async () => {
    await control(sb.url, "/custom-fields/delete", { accountEmail: "sunrise@cc.test", name: "Client_type" });
    expect((await controlContact("cf.person@example.com")).custom_fields).toEqual({ Favourite_class: "Yoga" });
    const page = await fetch(`${sb.url}/?q=cf.person`).then((r) => r.text());
    expect(page).toContain("Favourite_class: Yoga");
    expect(page).toContain("VIP");
  });
});
