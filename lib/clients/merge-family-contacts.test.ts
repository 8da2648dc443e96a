import { describe, expect, it } from "vitest";
import { mergeFamilyContacts, type FamilyMember } from "./merge-family-contacts";

const member = (id: string, overrides: Partial<FamilyMember>): FamilyMember => ({
  id,
  firstName: `First ${id}`,
  lastName: `Last ${id}`,
  email: "family@example.test",
  city: `City ${id}`,
  newsOptIn: false,
  updatedAt: new Date("2026-01-01T00:00:00Z"),
  ...overrides,
});

describe("mergeFamilyContacts (one Constant Contact contact per email)", () => {
  it("sends nothing when nobody is opted in, or there is nobody", () => {
    expect(mergeFamilyContacts([])).toBeNull();
    expect(mergeFamilyContacts([member("a", {}), member("b", {})])).toBeNull();
  });

  it("is opted in if any member is, with name and city of the most recently updated opted-in member", () => {
    const merged = mergeFamilyContacts([
      member("a", { newsOptIn: true, updatedAt: new Date("2026-03-01T00:00:00Z") }),
      member("b", { newsOptIn: true, updatedAt: new Date("2026-05-01T00:00:00Z") }),
      // Updated last, but not opted in: never the source of what is sent.
      member("c", { newsOptIn: false, updatedAt: new Date("2026-09-01T00:00:00Z") }),
    ]);
    expect(merged).toEqual({
      email: "family@example.test",
      firstName: "First b",
      lastName: "Last b",
      city: "City b",
      sourceClientId: "b",
      optedInClientIds: ["a", "b"],
    });
  });

  it("matches emails case-insensitively and sends the normalized email", () => {
    const merged = mergeFamilyContacts([
      member("a", { email: " Family@Example.TEST ", newsOptIn: true }),
      member("b", { email: "family@example.test" }),
    ]);
    expect(merged?.email).toBe("family@example.test");
  });

  it("breaks a tie in updatedAt by id, so every run sends the same contact", () => {
    const members = [member("b", { newsOptIn: true }), member("a", { newsOptIn: true })];
    expect(mergeFamilyContacts(members)?.sourceClientId).toBe("a");
    expect(mergeFamilyContacts([...members].reverse())?.sourceClientId).toBe("a");
  });

  it("ignores members without an email and refuses members of different emails", () => {
    expect(mergeFamilyContacts([member("a", { email: null, newsOptIn: true })])).toBeNull();
    expect(() => mergeFamilyContacts([member("a", {}), member("b", { email: "other@example.test" })])).toThrow(
      /one email/,
    );
  });
});
