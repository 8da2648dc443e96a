import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import {
  api,
  connect,
  control,
  readJson,
  refreshTokens,
  startTestSandbox,
  type ContactsPageJson,
  type ControlAccountsJson,
  type ControlContactsJson,
} from "./testing/helpers";

const dir = mkdtempSync(join(tmpdir(), "cc-sandbox-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("keeps accounts, contacts, activities and tokens across a restart", async () => {
  const stateFile = join(dir, "state.json");
  const first = await startTestSandbox({ stateFile, importDelayMs: 0 });
  const tokens = await connect(first.url);
  const created = await api(first.url, tokens.access_token, "/v3/contacts", {
    method: "POST",
    body: { email_address: { address: "kept@example.com" }, first_name: "Kept", create_source: "Account" },
  });
  expect(created.status).toBe(201);
  await control(first.url, "/seed", {
    account: { email: "extra@cc.test" },
    lists: [{ name: "Extra" }],
    contacts: { count: 50, listName: "Extra" },
  });
  await first.close();
  expect(JSON.parse(readFileSync(stateFile, "utf8")).format).toBe(1);

  const second = await startTestSandbox({ stateFile });
  try {
    const found = await readJson<ContactsPageJson>(
      await api(second.url, tokens.access_token, "/v3/contacts?email=kept@example.com"),
    );
    expect(found.contacts[0]?.first_name).toBe("Kept");
    const { accounts } = await control<ControlAccountsJson>(second.url, "/accounts");
    expect(accounts.map((a) => a.email)).toEqual(["sunrise@cc.test", "maple@cc.test", "extra@cc.test"]);
    const refreshed = await refreshTokens(second.url, tokens.refresh_token!);
    expect(refreshed.status).toBe(200);
    // Contacts added after a restart continue the sequence: paging by cursor still returns every contact once,
    // in creation order, with the new ones last.
    expect((await control(second.url, "/accounts/extra@cc.test/contacts")).total).toBe(50);
    await control(second.url, "/seed", {
      accountEmail: "extra@cc.test",
      contacts: { count: 3, listName: "Extra", emailPrefix: "later" },
    });
    const extraToken = (await connect(second.url, { email: "extra@cc.test" })).access_token;
    const paged: string[] = [];
    // A page boundary right after the first new contact: its cursor must point past every older one.
    for (let href: string | undefined = "/v3/contacts?limit=51", pages = 0; href && pages < 5; pages++) {
      const page = (await (await api(second.url, extraToken, href)).json()) as {
        contacts: { email_address: { address: string } }[];
        _links?: { next?: { href: string } };
      };
      paged.push(...page.contacts.map((c) => c.email_address.address));
      href = page._links?.next?.href;
    }
    expect(paged).toEqual([
      ...Array.from({ length: 50 }, (_, i) => `client${i + 1}@example.com`),
      "later1@example.com",
      "later2@example.com",
      "later3@example.com",
    ]);
  } finally {
    await second.close();
  }
});

it("saves shortly after a change, without waiting for close", async () => {
  const stateFile = join(dir, "debounced.json");
  const sb = await startTestSandbox({ stateFile });
  try {
    await control(sb.url, "/seed", { account: { email: "soon@cc.test" } });
    const changed = Date.now();
    // The sandbox says when its own debounced save has landed (nothing forces it), instead of the test sleeping.
    await sb.saved();
    expect(Date.now() - changed).toBeLessThan(5_000);
    expect(readFileSync(stateFile, "utf8")).toContain("soon@cc.test");
  } finally {
    await sb.close();
  }
});

it("keeps tags by id, and turns the tag names of an older state file into account tags", async () => {
  const stateFile = join(dir, "tags.json");
  const first = await startTestSandbox({ stateFile });
  await control(first.url, "/contact-extras", {
    accountEmail: "sunrise@cc.test",
    email: "ava.brooks@example.com",
    tags: ["VIP", "Donor"],
  });
  await first.close();
  const saved = JSON.parse(readFileSync(stateFile, "utf8")) as {
    accounts: { tags?: unknown; contacts: { email: string; tagIds?: string[]; tags?: string[] }[] }[];
  };
  // Rewrite it the way snapshots looked before tags were account objects: names on contacts, no account tags.
  for (const account of saved.accounts) {
    delete account.tags;
    for (const contact of account.contacts) {
      delete contact.tagIds;
      contact.tags = contact.email === "ava.brooks@example.com" ? ["VIP", "Donor"] : [];
      if (contact.email === "liam.chen@example.com") contact.tags = ["vip"];
    }
  }
  writeFileSync(stateFile, JSON.stringify(saved));

  const second = await startTestSandbox({ stateFile });
  try {
    const sunrise = "/accounts/sunrise@cc.test";
    const ava = await control<ControlContactsJson>(second.url, `${sunrise}/contacts?email=ava.brooks@example.com`);
    expect(ava.contacts[0]!.tags).toEqual(["VIP", "Donor"]);
    const liam = await control<ControlContactsJson>(second.url, `${sunrise}/contacts?email=liam.chen@example.com`);
    expect(liam.contacts[0]!.tags).toEqual(["VIP"]);
    const { tags } = await control<{ tags: { name: string; contacts_count: number }[] }>(second.url, `${sunrise}/tags`);
    expect(tags.map((t) => [t.name, t.contacts_count])).toEqual([
      ["VIP", 2],
      ["Donor", 1],
    ]);
    const token = (await connect(second.url)).access_token;
    const page = await readJson<ContactsPageJson>(
      await api(second.url, token, "/v3/contacts?email=ava.brooks@example.com&include=taggings"),
    );
    expect(page.contacts[0]!.taggings).toEqual(ava.contacts[0]!.tag_ids);
  } finally {
    await second.close();
  }
});
