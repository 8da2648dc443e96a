import { describe, expect, it } from "vitest";
import { ccStatusOf } from "./cc-status";

const base = { email: "a@b.test", newsOptIn: true, syncPending: false, syncState: null };

describe("a client's Constant Contact column", () => {
  it("shows a failure with its reason", () => {
    expect(ccStatusOf({ ...base, syncState: { status: "FAILED", lastError: "Email is 72 characters." } })).toEqual({
      label: "Failed",
      tone: "problem",
      reason: "Email is 72 characters.",
    });
  });

  it("puts an unsubscribe in Constant Contact above not opted in, and no email above the rest", () => {
    expect(
      ccStatusOf({ ...base, newsOptIn: false, syncState: { status: "UNSUBSCRIBED_IN_CC", lastError: null } }).label,
    ).toBe("Unsubscribed in Constant Contact");
    expect(ccStatusOf({ ...base, newsOptIn: false }).label).toBe("Not opted in");
    expect(ccStatusOf({ ...base, email: null, syncPending: true }).label).toBe("No email");
  });

  it("tells in the list from pending", () => {
    expect(ccStatusOf({ ...base, syncState: { status: "SYNCED", lastError: null } }).label).toBe("In the list");
    expect(ccStatusOf({ ...base, syncPending: true, syncState: { status: "SYNCED", lastError: null } }).label).toBe(
      "In the list, changes pending",
    );
    expect(ccStatusOf({ ...base, syncPending: true }).label).toBe("Pending");
  });
});
