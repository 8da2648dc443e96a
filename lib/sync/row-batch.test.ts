import { describe, expect, it } from "vitest";
import { toImportRow } from "../integrations/constant-contact/rows";
import { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS } from "../integrations/constant-contact/sync-adapter";
import { RowBatch } from "./row-batch";

const contact = (over: Partial<Parameters<typeof toImportRow>[0]> = {}) => ({
  email: "ana@example.com",
  firstName: "Ana",
  lastName: "Lopez",
  city: "Austin",
  sourceClientId: "c1",
  optedInClientIds: ["c1"],
  ...over,
});

const json = (row: object) => JSON.stringify(row);

// Constant Contact's documented limits for one contacts_json_import request (reference/constant-contact-facts.md):
// at most 40,000 contacts and 4 MB, data past 4 MB silently dropped. Written out here, not read from the product, so a
// product limit raised past them fails. 4 MB is read as decimal megabytes, the stricter reading.
const CC_DOCUMENTED_MAX_ROWS = 40_000;
const CC_DOCUMENTED_MAX_BYTES = 4_000_000;

describe("RowBatch", () => {
  it("stops at the row limit", () => {
    const batch = new RowBatch(3, IMPORT_MAX_BYTES);
    for (let i = 0; i < 3; i++) expect(batch.tryAddAll([json({ email: `a${i}@x.test` })])).toBe(true);
    expect(batch.tryAddAll([json({ email: "a4@x.test" })])).toBe(false);
    expect(batch.size).toBe(3);
    expect(JSON.parse(Buffer.from(batch.serialized.json).toString())).toEqual(
      [0, 1, 2].map((i) => ({ email: `a${i}@x.test` })),
    );
  });

  it("adds a slice's rows all or none", () => {
    const batch = new RowBatch(3, IMPORT_MAX_BYTES);
    expect(batch.tryAddAll([json({ email: "a@x.test" }), json({ email: "b@x.test" })])).toBe(true);
    expect(batch.tryAddAll([json({ email: "c@x.test" }), json({ email: "d@x.test" })])).toBe(false);
    expect(batch.size).toBe(2);
    expect(JSON.parse(Buffer.from(batch.serialized.json).toString())).toEqual([
      { email: "a@x.test" },
      { email: "b@x.test" },
    ]);
  });

  it("takes Constant Contact's documented 40,000 rows in one import and not one more", () => {
    const batch = new RowBatch(IMPORT_MAX_ROWS, IMPORT_MAX_BYTES);
    let added = 0;
    // Short rows, so the row count binds before the bytes do.
    while (added <= CC_DOCUMENTED_MAX_ROWS && batch.tryAddAll([json({ email: `p${added}@x.test` })])) added++;
    expect(added).toBe(CC_DOCUMENTED_MAX_ROWS);
    expect(batch.size).toBe(40_000);
  });

  it("keeps the serialized request under the byte cut, whatever the row sizes", () => {
    const batch = new RowBatch(IMPORT_MAX_ROWS, IMPORT_MAX_BYTES);
    const long = "É".repeat(50); // 2 bytes a character in UTF-8
    let added = 0;
    while (
      batch.tryAddAll([json({ email: `person${added}@example.com`, first_name: long, last_name: long, city: long })])
    )
      added++;
    const rows = Buffer.from(batch.serialized.json).toString();
    const body = `{"import_data":${rows},"list_ids":["2b5f4a4e-8a0e-4d5e-9c1e-0f4c5b6a7d8e"]}`;
    expect(JSON.parse(body).import_data).toHaveLength(added); // the text is one valid JSON array of every row
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(CC_DOCUMENTED_MAX_BYTES);
    expect(Buffer.byteLength(body)).toBeGreaterThan(IMPORT_MAX_BYTES - 1_000); // filled up to the product's cut
    expect(batch.size).toBe(added);
  });
});

describe("toImportRow", () => {
  it("sends name and city, shortened to Constant Contact's 50 characters", () => {
    const result = toImportRow(contact({ firstName: "A".repeat(60), city: "  Santa Monica " }));
    expect(result).toEqual({
      ok: true,
      row: { email: "ana@example.com", first_name: "A".repeat(50), last_name: "Lopez", city: "Santa Monica" },
    });
  });

  it("leaves out empty fields instead of sending blanks", () => {
    expect(toImportRow(contact({ city: null, lastName: " " }))).toEqual({
      ok: true,
      row: { email: "ana@example.com", first_name: "Ana" },
    });
  });

  it("refuses an email longer than the import accepts, with a reason a person understands", () => {
    const email = `${"x".repeat(45)}@example.com`;
    expect(toImportRow(contact({ email }))).toEqual({
      ok: false,
      reason: "Email is 57 characters; Constant Contact's import accepts at most 50.",
    });
  });

  it("refuses an invalid email", () => {
    expect(toImportRow(contact({ email: "not an email" }))).toMatchObject({
      ok: false,
      reason: "Email address is not valid for Constant Contact.",
    });
  });
});
