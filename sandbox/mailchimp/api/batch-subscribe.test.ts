import { describe, expect, it } from "vitest";
import { connectedMailchimp } from "../testing/connected";
import { control, controlMemberOf, readJson } from "../testing/helpers";

const mc = connectedMailchimp();

interface BatchJson {
  new_members: { email_address: string; status: string; tags: { name: string }[] }[];
  updated_members: { email_address: string; status: string; merge_fields: Record<string, unknown> }[];
  errors: { email_address: string; error: string; error_code: string; field: string; field_message: string }[];
  total_created: number;
  total_updated: number;
  error_count: number;
}

const people = (n: number, prefix = "batch") =>
  Array.from({ length: n }, (_, i) => ({ email_address: `${prefix}${i + 1}@example.com`, status: "subscribed" }));

describe("batch subscribe", () => {
  it("takes 500 members and refuses 501 with a 400", async () => {
    const listId = await mc.listId("Workshops");
    const over = await mc.post(`/lists/${listId}`, { members: people(501, "over") });
    expect(over.status).toBe(400);
    expect(await over.json()).toMatchObject({
      title: "Invalid Resource",
      errors: [{ field: "members", message: "There must be a maximum of 500 items in the array" }],
    });
    const full = await readJson<BatchJson>(await mc.post(`/lists/${listId}`, { members: people(500, "full") }));
    expect(full).toMatchObject({ total_created: 500, total_updated: 0, error_count: 0 });
  });

  it("answers 200 with created, updated and refused members, existing ones refused without update_existing", async () => {
    const listId = await mc.listId();
    const members = [
      { email_address: "batch.new@example.com", status: "subscribed", merge_fields: { FNAME: "New" }, tags: ["Trial"] },
      { email_address: "ava.brooks@example.com", status: "subscribed", merge_fields: { FNAME: "Ava B" } },
    ];
    const first = await mc.post(`/lists/${listId}`, { members });
    expect(first.status).toBe(200);
    const body = await readJson<BatchJson>(first);
    expect(body.new_members.map((m) => [m.email_address, m.tags.map((t) => t.name)])).toEqual([
      ["batch.new@example.com", ["Trial"]],
    ]);
    expect(body.errors).toEqual([
      {
        email_address: "ava.brooks@example.com",
        error: "ava.brooks@example.com is already a list member. Use PUT to insert or update list members.",
        error_code: "ERROR_CONTACT_EXISTS",
        field: "",
        field_message: "",
      },
    ]);
    expect(body).toMatchObject({ total_created: 1, total_updated: 0, error_count: 1 });

    const second = await readJson<BatchJson>(await mc.post(`/lists/${listId}`, { members, update_existing: true }));
    expect(second).toMatchObject({ total_created: 0, total_updated: 2, error_count: 0 });
    expect(second.updated_members.find((m) => m.email_address === "ava.brooks@example.com")?.merge_fields.FNAME).toBe(
      "Ava B",
    );
  });

  it("reports compliance state, fake addresses and merge field errors as ERROR_GENERIC entries", async () => {
    const listId = await mc.listId();
    await control(mc.url, "/members", {
      accountEmail: "sunrise@mc.test",
      list: "Newsletter",
      members: [{ email: "old.optout@example.com", status: "unsubscribed" }],
    });
    const body = await readJson<BatchJson>(
      await mc.post(`/lists/${listId}`, {
        update_existing: true,
        members: [
          { email_address: "old.optout@example.com", status: "subscribed" },
          { email_address: "oliver.kim@example.com", status: "subscribed" },
          { email_address: "bad address", status: "subscribed" },
          { email_address: "fine@example.com", status: "subscribed", merge_fields: { ADDRESS: { addr1: "x" } } },
          { email_address: "pending.back@example.com", status: "pending" },
        ],
      }),
    );
    expect(body.errors.map((e) => [e.email_address, e.error_code, e.error, e.field])).toEqual([
      [
        "old.optout@example.com",
        "ERROR_GENERIC",
        "old.optout@example.com is in a compliance state due to unsubscribe, bounce, or compliance review and cannot be subscribed.",
        "",
      ],
      [
        "oliver.kim@example.com",
        "ERROR_GENERIC",
        "oliver.kim@example.com is in a compliance state due to unsubscribe, bounce, or compliance review and cannot be subscribed.",
        "",
      ],
      [
        "bad address",
        "ERROR_GENERIC",
        "bad address looks fake or invalid, please enter a real email address.",
        "email_address",
      ],
      ["fine@example.com", "ERROR_GENERIC", "Your merge fields were invalid.", "ADDRESS"],
    ]);
    expect(body).toMatchObject({ total_created: 1, error_count: 4 });
    expect(await controlMemberOf(mc.url, "sunrise@mc.test", "old.optout@example.com")).toMatchObject({
      status: "unsubscribed",
    });
  });

  it("lets the first appearance of a repeated address win with skip_duplicate_check, and reports it otherwise", async () => {
    const listId = await mc.listId("Class Updates");
    const members = [
      { email_address: "dup@example.com", status: "subscribed" },
      { email_address: "DUP@example.com", status: "unsubscribed" },
    ];
    const reported = await readJson<BatchJson>(await mc.post(`/lists/${listId}`, { members }));
    expect(reported).toMatchObject({ total_created: 1, error_count: 1 });
    const quiet = await readJson<BatchJson>(
      await mc.call(`/lists/${listId}?skip_duplicate_check=true`, {
        method: "POST",
        body: { members: members.map((m) => ({ ...m, email_address: `x${m.email_address}` })) },
      }),
    );
    expect(quiet).toMatchObject({ total_created: 1, error_count: 0 });
    expect(quiet.new_members[0]?.status).toBe("subscribed");
  });

  it("takes longer the more members it is sent (batchSubscribeMsPerMember), holding the request", async () => {
    await control(mc.url, "/config", { batchSubscribeMsPerMember: 2 });
    try {
      const listId = await mc.listId("Class Updates");
      const started = Date.now();
      const response = await mc.post(`/lists/${listId}`, { members: people(200, "timed") });
      expect(response.status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    } finally {
      await control(mc.url, "/config", { batchSubscribeMsPerMember: 0 });
    }
  });
});
