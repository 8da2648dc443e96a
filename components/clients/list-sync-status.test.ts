import { describe, expect, it } from "vitest";
import { listSyncStatusOf } from "./list-sync-status";

const client = { email: "a@b.test", newsOptIn: true };
const cc = { provider: "CONSTANT_CONTACT" as const, syncPending: false, syncState: null };

describe("a client's column for one connection", () => {
  it("shows a failure with its reason", () => {
    expect(
      listSyncStatusOf(client, { ...cc, syncState: { status: "FAILED", lastError: "Email is 72 characters." } }),
    ).toEqual({
      label: "Failed",
      tone: "problem",
      reason: "Email is 72 characters.",
    });
  });

  it("puts an unsubscribe in the provider above not opted in, and no email above the rest", () => {
    const unsubscribed = { status: "UNSUBSCRIBED_IN_PROVIDER" as const, lastError: null };
    expect(listSyncStatusOf({ ...client, newsOptIn: false }, { ...cc, syncState: unsubscribed }).label).toBe(
      "Unsubscribed in Constant Contact",
    );
    expect(
      listSyncStatusOf({ ...client, newsOptIn: false }, { ...cc, provider: "MAILCHIMP", syncState: unsubscribed })
        .label,
    ).toBe("Unsubscribed in Mailchimp");
    expect(listSyncStatusOf({ ...client, newsOptIn: false }, cc).label).toBe("Not opted in");
    expect(listSyncStatusOf({ ...client, email: null }, { ...cc, syncPending: true }).label).toBe("No email");
  });

  it("tells in the list from pending", () => {
    expect(listSyncStatusOf(client, { ...cc, syncState: { status: "SYNCED", lastError: null } }).label).toBe(
      "In the list",
    );
    expect(
      listSyncStatusOf(client, { ...cc, syncPending: true, syncState: { status: "SYNCED", lastError: null } }).label,
    ).toBe("In the list, changes pending");
    expect(listSyncStatusOf(client, { ...cc, syncPending: true }).label).toBe("Pending");
  });
});
