import { describe, expect, it } from "vitest";
import { importRowWriter } from "../integrations/constant-contact/rows";
import { planPush, type PlanTarget } from "./plan-push";
import type { SyncClient } from "./queue";

const LIST = "list-1";
/** Constant Contact's list, sending no segment fields. */
const CC: PlanTarget = {
  listId: LIST,
  writer: importRowWriter({ clientType: false, groups: false }, { clientType: null, groups: null }),
  unsubscribeSource: "CONSTANT_CONTACT",
  name: "Constant Contact",
};
const row = (json: string) => JSON.parse(json) as Record<string, string>;
let n = 0;
function client(over: Partial<SyncClient> & { email?: string | null } = {}): SyncClient {
  n++;
  const email = over.email === undefined ? `c${n}@example.com` : over.email;
  return {
    id: `id-${String(n).padStart(3, "0")}`,
    firstName: `First${n}`,
    lastName: `Last${n}`,
    email,
    emailNormalized: email?.toLowerCase() ?? null,
    city: "Austin",
    newsOptIn: true,
    unsubscribeSource: null,
    updatedAt: new Date(2026, 0, n),
    syncVersion: 2,
    syncState: null,
    ...over,
  } as SyncClient;
}
const synced = (email: string, remoteId: string | null = null) => ({
  status: "SYNCED" as const,
  syncedEmail: email,
  syncedListId: LIST,
  remoteId,
});

describe("planPush", () => {
  it("imports an opted-in client into the chosen list", () => {
    const c = client({ city: "Denver" });
    const plan = planPush([c], [], CC);
    expect(plan).toEqual({
      imports: [{ email: c.emailNormalized, row: expect.any(String), clients: [{ id: c.id, version: 2 }] }],
      removals: [],
      settled: [],
    });
    expect(row(plan.imports[0]!.row)).toEqual({
      email: c.emailNormalized,
      first_name: c.firstName,
      last_name: c.lastName,
      city: "Denver",
    });
  });

  it("sends one contact for a family: opted in if any member is, name from the latest opted-in member", () => {
    const older = client({ email: "family@example.com", firstName: "Parent", updatedAt: new Date(2026, 0, 1) });
    const newer = client({ email: "Family@Example.com ".trim(), firstName: "Teen", updatedAt: new Date(2026, 5, 1) });
    const notIn = client({ email: "family@example.com", firstName: "Kid", newsOptIn: false });
    const plan = planPush([older, notIn], [newer], CC);
    expect(plan.imports).toHaveLength(1);
    expect(row(plan.imports[0]!.row).first_name).toBe("Teen");
    expect(plan.imports[0]!.clients.map((c) => c.id).sort()).toEqual([older.id, newer.id].sort());
    expect(plan.settled).toEqual([{ id: notIn.id, version: 2, status: "NOT_OPTED_IN" }]);
  });

  it("removes an opted-out client we had put in the list, and only from our list", () => {
    const c = client({ newsOptIn: false, syncState: synced("c@example.com", "cc-1"), email: "c@example.com" });
    expect(planPush([c], [], CC)).toEqual({
      imports: [],
      removals: [{ email: "c@example.com", remoteId: "cc-1", clients: [{ id: c.id, version: 2 }] }],
      settled: [],
    });
  });

  it("keeps the email in the list while another family member still wants it", () => {
    const out = client({ email: "fam@example.com", newsOptIn: false, syncState: synced("fam@example.com") });
    const stillIn = client({ email: "fam@example.com" });
    const plan = planPush([out], [stillIn], CC);
    expect(plan.removals).toEqual([]);
    expect(plan.imports.map((i) => i.email)).toEqual(["fam@example.com"]);
  });

  it("does nothing in the provider for a client never sent and not opted in", () => {
    const c = client({ newsOptIn: false });
    expect(planPush([c], [], CC)).toEqual({
      imports: [],
      removals: [],
      settled: [{ id: c.id, version: 2, status: "NOT_OPTED_IN", clearSyncedEmail: true }],
    });
  });

  it("never touches a contact that unsubscribed in the provider", () => {
    const c = client({
      newsOptIn: false,
      unsubscribeSource: "CONSTANT_CONTACT",
      syncState: synced("u@example.com"),
      email: "u@example.com",
    });
    expect(planPush([c], [], CC)).toEqual({
      imports: [],
      removals: [],
      settled: [{ id: c.id, version: 2, status: "UNSUBSCRIBED_IN_PROVIDER", clearSyncedEmail: true }],
    });
  });

  it("takes out of this list a contact that unsubscribed in another provider, like any opt-out", () => {
    const c = client({
      newsOptIn: false,
      unsubscribeSource: "MAILCHIMP",
      syncState: synced("m@example.com", "cc-m"),
      email: "m@example.com",
    });
    expect(planPush([c], [], CC)).toEqual({
      imports: [],
      removals: [{ email: "m@example.com", remoteId: "cc-m", clients: [{ id: c.id, version: 2 }] }],
      settled: [],
    });
  });

  it("moves an email change: the old address leaves our list, the new one is imported", () => {
    const c = client({ email: "new@example.com", syncState: synced("old@example.com", "cc-old") });
    const plan = planPush([c], [], CC);
    expect(plan.removals).toEqual([{ email: "old@example.com", remoteId: "cc-old", clients: [] }]);
    expect(plan.imports.map((i) => i.email)).toEqual(["new@example.com"]);
  });

  it("does not remove an address that was in a previous list, not ours", () => {
    const c = client({
      newsOptIn: false,
      email: "p@example.com",
      syncState: { ...synced("p@example.com"), syncedListId: "old-list" },
    });
    expect(planPush([c], [], CC).removals).toEqual([]);
  });

  it("marks clients without email and with unsendable emails, with a reason", () => {
    const none = client({ email: null });
    const long = client({ email: `${"x".repeat(60)}@example.com` });
    const plan = planPush([none, long], [], CC);
    expect(plan.imports).toEqual([]);
    expect(plan.settled).toEqual([
      { id: none.id, version: 2, status: "NO_EMAIL", clearSyncedEmail: true },
      {
        id: long.id,
        version: 2,
        status: "FAILED",
        error: "Email is 72 characters; Constant Contact's import accepts at most 50.",
      },
    ]);
  });
});
