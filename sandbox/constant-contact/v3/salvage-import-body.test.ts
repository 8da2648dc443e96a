import { describe, expect, it } from "vitest";
import { salvageImportBody } from "./salvage-import-body";

describe("salvageImportBody", () => {
  const full = JSON.stringify({
    list_ids: ["a"],
    import_data: [
      { email: "a@x.co", first_name: 'Br]ack"et}' },
      { email: "b@x.co", first_name: "Zoë" },
      { email: "c@x.co" },
    ],
    extra: 12345,
  });

  it("returns the whole value when nothing was cut", () => {
    expect(salvageImportBody(full)).toEqual({ ok: true, value: JSON.parse(full), truncated: false });
  });

  it("keeps only complete rows at every possible cut, brackets and quotes inside strings included", () => {
    const rowsEnd = full.indexOf(',"extra"');
    for (let cut = full.indexOf("[{") + 1; cut < rowsEnd; cut++) {
      const result = salvageImportBody(full.slice(0, cut));
      expect(result.ok, `cut at ${cut}`).toBe(true);
      if (!result.ok) continue;
      const rows = result.value.import_data as { email: string }[];
      const expected = JSON.parse(full).import_data.filter((row: unknown) => {
        const text = JSON.stringify(row);
        return full.indexOf(text) + text.length <= cut;
      });
      expect(rows, `cut at ${cut}`).toEqual(expected);
      expect(result.value.list_ids).toEqual(["a"]);
      expect(result.truncated).toBe(true);
    }
  });

  it("drops a member cut in half, including a number that might have had more digits", () => {
    const cut = full.slice(0, full.indexOf("12345") + 3);
    const result = salvageImportBody(cut);
    expect(result.ok && result.value.extra).toBeUndefined();
  });

  it("reports malformed JSON before the cut", () => {
    expect(salvageImportBody('{"import_data":[{"email": nope}, {"email":"x"').ok).toBe(false);
    expect(salvageImportBody("[1,2,3").ok).toBe(false);
  });
});
