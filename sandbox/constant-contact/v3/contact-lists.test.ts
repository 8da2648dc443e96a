import { expect, it } from "vitest";
import { control, readJson, type ControlListsJson, type ListsPageJson } from "../testing/helpers";
import { connectedSandbox } from "../testing/connected-sandbox";

const sb = connectedSandbox({}, { email: "maple@cc.test" });

it("lists the account's lists; membership counts only when asked (all vs active)", async () => {
  const plain = await readJson<ListsPageJson>(await sb.call("/v3/contact_lists"));
  expect(plain.lists.map((l) => l.name)).toEqual(["Newsletter", "Members", "Promotions"]);
  expect(plain.lists[0]).toEqual({
    list_id: expect.any(String),
    name: "Newsletter",
    favorite: false,
    created_at: expect.any(String),
    updated_at: expect.any(String),
  });
  const all = await readJson<ListsPageJson>(
    await sb.call("/v3/contact_lists?include_membership_count=all&include_count=true"),
  );
  expect(all.lists_count).toBe(3);
  const active = await readJson<ListsPageJson>(await sb.call("/v3/contact_lists?include_membership_count=active"));
  // Newsletter: James, Charlotte, and Amelia who unsubscribed.
  expect(all.lists[0]?.membership_count).toBe(3);
  expect(active.lists[0]?.membership_count).toBe(2);
});

it("creates lists (409 on a duplicate name) and pages through them", async () => {
  for (let i = 0; i < 7; i++) {
    const response = await sb.call("/v3/contact_lists", {
      method: "POST",
      body: { name: `Extra ${i}`, description: "made in a test" },
    });
    expect(response.status).toBe(201);
  }
  const duplicate = await sb.call("/v3/contact_lists", { method: "POST", body: { name: "newsletter" } });
  expect(duplicate.status).toBe(409);
  const seen: (string | undefined)[] = [];
  let path: string | null = "/v3/contact_lists?limit=4";
  while (path) {
    const body: ListsPageJson = await readJson(await sb.call(path));
    seen.push(...body.lists.map((l) => l.name));
    path = body._links?.next?.href ?? null;
  }
  expect(seen).toHaveLength(10);
  expect(new Set(seen).size).toBe(10);
  expect((await sb.call("/v3/contact_lists?limit=1001")).status).toBe(400);
});

it("GET /contact_lists/{id} finds only this account's lists", async () => {
  const { lists } = await control<ControlListsJson>(sb.url, "/accounts/sunrise@cc.test/lists");
  expect((await sb.call(`/v3/contact_lists/${lists[0]!.list_id}`)).status).toBe(404);
});
