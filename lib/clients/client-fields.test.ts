import { describe, expect, it } from "vitest";
import { ClientFieldsInput } from "./client-fields";

const valid = {
  firstName: "Ada",
  lastName: "Lovelace",
  email: "ada@example.test",
  city: "London",
  clientTypeId: "",
  groupIds: [],
};
const errorsOf = (input: unknown) => {
  const result = ClientFieldsInput.safeParse(input);
  return result.success ? {} : Object.fromEntries(result.error.issues.map((i) => [i.path.join("."), i.message]));
};

describe("client fields", () => {
  it("trims and turns empty email and city into null", () => {
    expect(ClientFieldsInput.parse({ ...valid, firstName: "  Ada ", email: "  ", city: "" })).toMatchObject({
      firstName: "Ada",
      email: null,
      city: null,
      clientTypeId: null,
    });
    expect(ClientFieldsInput.parse({ ...valid, email: "  Ada@Example.TEST " }).email).toBe("Ada@Example.TEST");
  });

  it("requires names and limits them to 200 characters with a clear message", () => {
    expect(errorsOf({ ...valid, firstName: "   ", lastName: "" })).toEqual({
      firstName: "Enter the first name.",
      lastName: "Enter the last name.",
    });
    expect(errorsOf({ ...valid, firstName: "x".repeat(10_000) })).toEqual({
      firstName: "The first name can be at most 200 characters.",
    });
    expect(errorsOf({ ...valid, city: "c".repeat(201) })).toEqual({ city: "The city can be at most 200 characters." });
    expect(ClientFieldsInput.parse({ ...valid, firstName: "x".repeat(200) }).firstName).toHaveLength(200);
  });

  it("rejects control characters inside names and cities", () => {
    for (const bad of ["Ada\u0000", "A\tda", "Ada\nLovelace", "Ada\u001b[31m", "Ada\u0085"]) {
      expect(errorsOf({ ...valid, lastName: bad })).toEqual({
        lastName: "The last name cannot contain control characters (such as tabs or line breaks).",
      });
    }
    expect(errorsOf({ ...valid, city: "Lon\rdon" })).toHaveProperty("city");
  });

  it("refuses half of a surrogate pair (which Postgres would silently store as U+FFFD) and U+FFFD itself", () => {
    for (const bad of ["Lone\uD800X", "Lone\uDC00", "\uD83D", "Ada\uFFFD"]) {
      expect(errorsOf({ ...valid, firstName: bad, lastName: bad, city: bad })).toEqual({
        firstName: "The first name contains an invalid character. Retype it and try again.",
        lastName: "The last name contains an invalid character. Retype it and try again.",
        city: "The city contains an invalid character. Retype it and try again.",
      });
    }
  });

  it("refuses a name or city made only of invisible characters, which would show blank", () => {
    const invisible = [
      "\u200B",
      "\u200B\u200C\u200D",
      "\u2060\uFEFF\u2060",
      "\u200E\u200F",
      "\u202E\u2066",
      "\u00AD",
      "\u3164",
      "\u115F\u1160",
      "\uFE0F",
      "\u200B \u200B",
    ];
    for (const bad of invisible) {
      expect(errorsOf({ ...valid, firstName: bad, lastName: bad, city: bad }), JSON.stringify(bad)).toEqual({
        firstName: "The first name has only invisible characters. Use letters.",
        lastName: "The last name has only invisible characters. Use letters.",
        city: "The city has only invisible characters. Use letters.",
      });
    }
  });

  it("accepts accents, apostrophes, CJK, Korean, combining marks, zero-width joiners and emoji next to visible characters", () => {
    const names = [
      "José",
      "Zoë",
      "Ngọc Ánh",
      "Ame\u0301lie",
      "d'Artagnan",
      "O’Connor",
      "Jean-Luc",
      "李小龍",
      "山田 太郎",
      "김민준",
      "محمد\u200Cرضا",
      "👩‍👩‍👧‍👦",
      "🇺🇦 Olena",
      "Ada\u200B",
      "X Æ A-12",
    ];
    for (const name of names) {
      expect(
        ClientFieldsInput.parse({ ...valid, firstName: name, lastName: name, city: name }),
        JSON.stringify(name),
      ).toMatchObject({ firstName: name, lastName: name, city: name });
    }
  });

  it("accepts right-to-left, emoji and SQL- or HTML-looking names exactly as typed", () => {
    for (const name of [
      "مريم",
      "שָׁלוֹם",
      "👩‍👩‍👧‍👦 Family",
      'Robert\'); DROP TABLE "Client";--',
      "<img src=x onerror=alert(1)>",
      "O'Brien-Łukasz",
    ]) {
      expect(ClientFieldsInput.parse({ ...valid, firstName: name }).firstName).toBe(name);
    }
  });

  it("rejects malformed emails with a message", () => {
    for (const bad of ["not-an-email", "a@", "@b.test", "a b@c.test", "a@b", "ada@exa mple.test"]) {
      expect(errorsOf({ ...valid, email: bad })).toEqual({ email: "Enter a valid email, like name@example.com." });
    }
    expect(errorsOf({ ...valid, email: `${"a".repeat(250)}@x.test` })).toEqual({
      email: "An email can be at most 254 characters.",
    });
  });

  it("parses its own output to the same value (the action wrapper and the lib function both validate)", () => {
    const once = ClientFieldsInput.parse({ ...valid, email: " ", city: "", clientTypeId: "" });
    expect(ClientFieldsInput.parse(once)).toEqual(once);
  });

  it("answers missing and wrongly typed fields with messages, not exceptions", () => {
    expect(errorsOf({})).toMatchObject({ firstName: "Enter the first name.", lastName: "Enter the last name." });
    expect(errorsOf({ ...valid, clientTypeId: "abc", groupIds: ["x"] })).toEqual({
      clientTypeId: "Choose a client type from the list.",
      "groupIds.0": "Choose groups from the list.",
    });
  });
});
