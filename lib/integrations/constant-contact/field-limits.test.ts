import { describe, expect, it } from "vitest";
import { CC_LIMITS, describeSyncIssues, fitToLimit } from "./field-limits";

const base = { firstName: "Ada", lastName: "Lovelace", email: "ada@example.test", city: "London" };

describe("Constant Contact limits", () => {
  it("finds nothing to say about a client that fits", () => {
    expect(describeSyncIssues(base)).toEqual([]);
    expect(describeSyncIssues({ ...base, firstName: "F".repeat(50), city: null })).toEqual([]);
  });

  it("says a client without an email is never synced", () => {
    expect(describeSyncIssues({ ...base, email: null })).toEqual([
      {
        field: "email",
        kind: "not-synced",
        message: "This client has no email, so they are never sent to Constant Contact.",
      },
    ]);
  });

  it("says an email longer than the bulk import's 50 cannot be synced by import, and past 80 not at all", () => {
    const email63 = `${"a".repeat(53)}@x.test.io`;
    expect(email63).toHaveLength(63);
    expect(describeSyncIssues({ ...base, email: email63 })[0]?.message).toBe(
      "Email is 63 characters: Constant Contact's bulk import accepts 50, so this client cannot be synced by import.",
    );
    expect(describeSyncIssues({ ...base, email: `${"a".repeat(80)}@x.test` })[0]?.message).toMatch(
      /accepts at most 80, so this client cannot be synced\.$/,
    );
  });

  it("says which names and city are shortened, and to what", () => {
    const issues = describeSyncIssues({
      ...base,
      firstName: "F".repeat(51),
      lastName: "L".repeat(10_000),
      city: "C".repeat(60),
    });
    expect(issues.map((i) => [i.field, i.kind])).toEqual([
      ["firstName", "shortened"],
      ["lastName", "shortened"],
      ["city", "shortened"],
    ]);
    expect(issues[0]?.message).toBe(
      `First name is 51 characters: Constant Contact accepts 50, so it is sent shortened to "${"F".repeat(50)}".`,
    );
    expect(issues[1]?.message).toMatch(/^Last name is 10000 characters/);
  });

  it("counts an emoji as two, as Constant Contact does, and never cuts one in half", () => {
    const name = "😀".repeat(26); // 52 UTF-16 units
    expect(describeSyncIssues({ ...base, firstName: name })).toHaveLength(1);
    expect(fitToLimit(name, CC_LIMITS.firstName)).toBe("😀".repeat(25));
    expect(fitToLimit(`${"a".repeat(49)}😀`, 50)).toBe("a".repeat(49));
    expect(fitToLimit("short", 50)).toBe("short");
  });
});
