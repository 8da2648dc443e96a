import { describe, expect, it } from "vitest";
import { connectedMailchimp, type ProblemJson } from "../testing/connected";
import { control, controlMemberOf, readJson, subscriberHash } from "../testing/helpers";

const mc = connectedMailchimp();

interface MemberJson {
  id: string;
  email_address: string;
  status: string;
  merge_fields: Record<string, unknown>;
  last_changed: string;
  contact_id: string;
  unsubscribe_reason?: string;
}
interface MembersJson {
  members: MemberJson[];
  total_items: number;
  list_id: string;
}

const member = async (listId: string, key: string) => mc.call(`/lists/${listId}/members/${encodeURIComponent(key)}`);

describe("keys", () => {
  it("keys members by the MD5 of the lower-cased address and also finds them by address or contact_id", async () => {
    expect(subscriberHash("Urist.McVankab@freddiesjokes.com")).toBe("62eeb292278cc15f5817cb78f7790b08");
    const listId = await mc.listId();
    const created = await mc.post(`/lists/${listId}/members`, {
      email_address: "Urist.McVankab@freddiesjokes.com",
      status: "subscribed",
      merge_fields: { FNAME: "Urist" },
    });
    expect(created.status).toBe(200);
    const body = await readJson<MemberJson>(created);
    expect(body.id).toBe("62eeb292278cc15f5817cb78f7790b08");
    expect(body.merge_fields).toEqual({ FNAME: "Urist", LNAME: "", ADDRESS: "", PHONE: "" });
    for (const key of [body.id, "urist.mcvankab@freddiesjokes.com", body.contact_id])
      expect((await readJson<MemberJson>(await member(listId, key))).id).toBe(body.id);
    expect((await member(listId, "0".repeat(32))).status).toBe(404);
  });
});

describe("create, upsert, update", () => {
  it("answers Member Exists to POST of an existing address, in problem+json", async () => {
    const listId = await mc.listId();
    const again = await mc.post(`/lists/${listId}/members`, {
      email_address: "AVA.brooks@example.com",
      status: "subscribed",
    });
    expect(again.status).toBe(400);
    expect(again.headers.get("content-type")).toBe("application/problem+json; charset=utf-8");
    const problem = await readJson<ProblemJson>(again);
    expect(problem).toEqual({
      type: "https://mailchimp.com/developer/marketing/docs/errors/",
      title: "Member Exists",
      status: 400,
      detail: "ava.brooks@example.com is already a list member. Use PUT to insert or update list members.",
      instance: again.headers.get("x-request-id"),
    });
    expect(problem.instance).toMatch(/^[0-9a-f-]{36}$/);
    expect(again.headers.get("link")).toContain('rel="describedBy"');
  });

  it("upserts with PUT: status_if_new creates, status changes an existing member; PATCH of an absent one is 404", async () => {
    const listId = await mc.listId();
    const hash = subscriberHash("put.new@example.com");
    const created = await mc.put(`/lists/${listId}/members/${hash}`, {
      email_address: "put.new@example.com",
      status_if_new: "subscribed",
      merge_fields: { FNAME: "Put" },
    });
    expect((await readJson<MemberJson>(created)).status).toBe("subscribed");
    const updated = await mc.put(`/lists/${listId}/members/${hash}`, {
      email_address: "put.new@example.com",
      status_if_new: "subscribed",
      merge_fields: { LNAME: "New" },
    });
    expect((await readJson<MemberJson>(updated)).merge_fields).toMatchObject({ FNAME: "Put", LNAME: "New" });
    const missing = await mc.patch(`/lists/${listId}/members/${subscriberHash("nobody@example.com")}`, {
      merge_fields: { FNAME: "X" },
    });
    expect(missing.status).toBe(404);
    expect((await readJson<ProblemJson>(missing)).title).toBe("Resource Not Found");
  });

  it("checks merge fields: required values, numbers and complete addresses, in errors[]", async () => {
    const listId = await mc.listId("Workshops");
    const fields = `/lists/${listId}/merge-fields`;
    await mc.post(fields, { name: "Age", type: "number", tag: "AGE" });
    const { merge_fields } = await readJson<{ merge_fields: { merge_id: number; tag: string }[] }>(
      await mc.call(`${fields}?count=100`),
    );
    const lname = merge_fields.find((f) => f.tag === "LNAME")!;
    await mc.patch(`${fields}/${lname.merge_id}`, { required: true });
    const bad = await mc.post(`/lists/${listId}/members`, {
      email_address: "fields@example.com",
      status: "subscribed",
      merge_fields: { AGE: "old", ADDRESS: { addr1: "1 Main" } },
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      title: "Invalid Resource",
      detail: "Your merge fields were invalid.",
      errors: expect.arrayContaining([
        { field: "AGE", message: "Please enter a number" },
        { field: "ADDRESS", message: "Please enter a complete address" },
        { field: "LNAME", message: "Please enter a value" },
      ]),
    });
    const skipped = await mc.call(`/lists/${listId}/members?skip_merge_validation=true`, {
      method: "POST",
      body: { email_address: "fields@example.com", status: "subscribed", merge_fields: { AGE: 41 } },
    });
    expect((await readJson<MemberJson>(skipped)).merge_fields.AGE).toBe(41);
    const fake = await mc.post(`/lists/${listId}/members`, { email_address: "not-an-address", status: "subscribed" });
    expect(await fake.json()).toMatchObject({
      title: "Invalid Resource",
      detail: "not-an-address looks fake or invalid, please enter a real email address.",
    });
  });
});

describe("compliance state", () => {
  it("never sets an unsubscribed or cleaned member to subscribed; pending is the way back for unsubscribed only", async () => {
    const listId = await mc.listId();
    const emma = subscriberHash("emma.wilson@example.com"); // seeded unsubscribed
    const oliver = subscriberHash("oliver.kim@example.com"); // seeded cleaned
    for (const [hash, email] of [
      [emma, "emma.wilson@example.com"],
      [oliver, "oliver.kim@example.com"],
    ] as const) {
      for (const call of [
        () => mc.patch(`/lists/${listId}/members/${hash}`, { status: "subscribed" }),
        () => mc.put(`/lists/${listId}/members/${hash}`, { email_address: email, status: "subscribed" }),
      ]) {
        const refused = await call();
        expect(refused.status).toBe(400);
        expect(await refused.json()).toMatchObject({
          title: "Member In Compliance State",
          detail: `${email} is in a compliance state due to unsubscribe, bounce, or compliance review and cannot be subscribed.`,
        });
      }
    }
    // PUT with only status_if_new leaves an existing member's status alone, so it is not refused.
    const untouched = await mc.put(`/lists/${listId}/members/${emma}`, {
      email_address: "emma.wilson@example.com",
      status_if_new: "subscribed",
      merge_fields: { FNAME: "Em" },
    });
    expect(await untouched.json()).toMatchObject({ status: "unsubscribed", merge_fields: { FNAME: "Em" } });
    expect((await mc.patch(`/lists/${listId}/members/${oliver}`, { status: "pending" })).status).toBe(400);
    const pending = await mc.patch(`/lists/${listId}/members/${emma}`, { status: "pending" });
    expect((await readJson<MemberJson>(pending)).status).toBe("pending");
  });

  it("always lets the API unsubscribe, and bumps last_changed on every change including status", async () => {
    const listId = await mc.listId();
    const liam = subscriberHash("liam.chen@example.com");
    const before = await readJson<MemberJson>(await member(listId, liam));
    mc.clock.advance(60_000);
    const after = await readJson<MemberJson>(
      await mc.patch(`/lists/${listId}/members/${liam}`, { status: "unsubscribed" }),
    );
    expect(after.status).toBe("unsubscribed");
    expect(after.unsubscribe_reason).toBeDefined();
    expect(Date.parse(after.last_changed) - Date.parse(before.last_changed)).toBeGreaterThanOrEqual(60_000);
    expect((await mc.patch(`/lists/${listId}/members/${liam}`, { status: "subscribed" })).status).toBe(400);
  });
});

describe("archive and erase", () => {
  it("archives with DELETE (204), shows status archived, hides it from the default listing, and re-adds it with POST", async () => {
    const listId = await mc.listId("Class Updates");
    await mc.post(`/lists/${listId}/members`, { email_address: "arch@example.com", status: "subscribed" });
    const hash = subscriberHash("arch@example.com");
    const deleted = await mc.del(`/lists/${listId}/members/${hash}`);
    expect(deleted.status).toBe(204);
    expect((await readJson<MemberJson>(await member(listId, hash))).status).toBe("archived");
    const listed = await readJson<MembersJson>(await mc.call(`/lists/${listId}/members`));
    expect(listed.members.map((m) => m.email_address)).not.toContain("arch@example.com");
    const archived = await readJson<MembersJson>(await mc.call(`/lists/${listId}/members?status=archived`));
    expect(archived.members.map((m) => m.email_address)).toEqual(["arch@example.com"]);
    const again = await mc.post(`/lists/${listId}/members`, {
      email_address: "arch@example.com",
      status: "subscribed",
    });
    expect((await readJson<MemberJson>(again)).status).toBe("subscribed");
  });

  it("refuses to archive a cleaned, pending or archived member with 405 and Allow: GET, PUT", async () => {
    const listId = await mc.listId();
    await mc.post(`/lists/${listId}/members`, { email_address: "twice@example.com", status: "subscribed" });
    await mc.del(`/lists/${listId}/members/${subscriberHash("twice@example.com")}`);
    for (const email of ["oliver.kim@example.com", "mia.patel@example.com", "twice@example.com"]) {
      const refused = await mc.del(`/lists/${listId}/members/${subscriberHash(email)}`);
      expect(refused.status).toBe(405);
      expect(refused.headers.get("allow")).toBe("GET, PUT");
      expect(await refused.json()).toMatchObject({
        title: "Method Not Allowed",
        detail: "This list member cannot be removed. Can not archive a contact that is bounced, pending or archived",
      });
    }
  });

  it("erases with delete-permanent: 404 afterwards and Forgotten Email Not Subscribed on any re-add", async () => {
    const listId = await mc.listId("Class Updates");
    await mc.post(`/lists/${listId}/members`, { email_address: "gone@example.com", status: "subscribed" });
    const hash = subscriberHash("gone@example.com");
    expect((await mc.post(`/lists/${listId}/members/${hash}/actions/delete-permanent`, {})).status).toBe(204);
    expect((await member(listId, hash)).status).toBe(404);
    for (const call of [
      () => mc.post(`/lists/${listId}/members`, { email_address: "gone@example.com", status: "subscribed" }),
      () => mc.put(`/lists/${listId}/members/${hash}`, { email_address: "gone@example.com", status_if_new: "pending" }),
    ]) {
      const refused = await call();
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({
        title: "Forgotten Email Not Subscribed",
        detail:
          "gone@example.com was permanently deleted and cannot be re-imported. The contact must re-subscribe to get back on the list.",
      });
    }
  });
});

describe("email change", () => {
  it("moves the member to the new address and hash with PATCH, and refuses an address already in the list", async () => {
    const listId = await mc.listId("Class Updates");
    await mc.post(`/lists/${listId}/members`, { email_address: "old.addr@example.com", status: "subscribed" });
    await mc.post(`/lists/${listId}/members`, { email_address: "taken@example.com", status: "unsubscribed" });
    const moved = await mc.patch(`/lists/${listId}/members/${subscriberHash("old.addr@example.com")}`, {
      email_address: "new.addr@example.com",
    });
    expect(await moved.json()).toMatchObject({
      id: subscriberHash("new.addr@example.com"),
      email_address: "new.addr@example.com",
    });
    expect((await member(listId, subscriberHash("old.addr@example.com"))).status).toBe(404);
    const clash = await mc.patch(`/lists/${listId}/members/${subscriberHash("new.addr@example.com")}`, {
      email_address: "taken@example.com",
    });
    expect(clash.status).toBe(400);
    expect(await clash.json()).toMatchObject({
      title: "Invalid Resource",
      errors: [
        {
          field: "email_address",
          message: '"taken@example.com" is already in this list with a status of "unsubscribed".',
        },
      ],
    });
  });
});

describe("listing", () => {
  it("filters by status, since_last_changed and unsubscribed_since, and pages with count and offset", async () => {
    await control(mc.url, "/seed", {
      accountEmail: "sunrise@mc.test",
      lists: [{ name: "Big" }],
      members: { list: "Big", count: 1200, unsubscribedEvery: 4 },
    });
    const listId = await mc.listId("Big");
    const all = await readJson<MembersJson>(await mc.call(`/lists/${listId}/members?count=5000`));
    expect(all.total_items).toBe(1200);
    expect(all.members).toHaveLength(1000); // count is capped at 1000
    const second = await readJson<MembersJson>(await mc.call(`/lists/${listId}/members?count=2&offset=2`));
    expect(second.members.map((m) => m.email_address)).toEqual(["client3@example.com", "client4@example.com"]);
    expect((await readJson<MembersJson>(await mc.call(`/lists/${listId}/members`))).members).toHaveLength(10);
    const unsubscribed = await readJson<MembersJson>(
      await mc.call(`/lists/${listId}/members?status=unsubscribed&count=1`),
    );
    expect(unsubscribed.total_items).toBe(300);

    mc.clock.advance(3_600_000);
    const mark = new Date(mc.clock.now()).toISOString();
    await control(mc.url, "/unsubscribe", {
      accountEmail: "sunrise@mc.test",
      email: "client1@example.com",
      list: "Big",
    });
    await mc.patch(`/lists/${listId}/members/${subscriberHash("client2@example.com")}`, {
      merge_fields: { FNAME: "Two" },
    });
    const changed = await readJson<MembersJson>(
      await mc.call(`/lists/${listId}/members?since_last_changed=${encodeURIComponent(mark)}`),
    );
    expect(changed.members.map((m) => m.email_address).sort()).toEqual(["client1@example.com", "client2@example.com"]);
    const since = await readJson<MembersJson>(
      await mc.call(`/lists/${listId}/members?status=unsubscribed&unsubscribed_since=${encodeURIComponent(mark)}`),
    );
    expect(since.members.map((m) => m.email_address)).toEqual(["client1@example.com"]);
    const withoutStatus = await mc.call(`/lists/${listId}/members?unsubscribed_since=${encodeURIComponent(mark)}`);
    expect(withoutStatus.status).toBe(400);
    expect(await controlMemberOf(mc.url, "sunrise@mc.test", "client1@example.com", "Big")).toMatchObject({
      status: "unsubscribed",
    });
  });
});
