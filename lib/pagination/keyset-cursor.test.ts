import { describe, expect, it } from "vitest";
import { z } from "zod";
import { CURSOR_MAX, CursorTime, keysetCursor } from "./keyset-cursor";

const ID = "6f1f4f0e-3c1a-4f7e-9a51-0c2b8d1e2f3a";
const names = keysetCursor(z.tuple([z.string(), z.string(), z.uuid()]));
const times = keysetCursor(z.tuple([CursorTime, z.uuid()]));
const raw = (payload: unknown) => Buffer.from(JSON.stringify(payload)).toString("base64url");

const C0 = Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i));
const LONE_SURROGATES = ["\uD800", "\uDBFF", "\uDC00", "\uDFFF"];

describe("keyset cursor", () => {
  it("round-trips a position, dates included, as short base64url JSON", () => {
    const at = new Date("2026-11-26T10:00:00.123Z");
    expect(times.decode(times.encode([at, ID]))).toEqual([at, ID]);
    expect(names.decode(names.encode(["Lovelace", "Ada 😀", ID]))).toEqual(["Lovelace", "Ada 😀", ID]);
    // The format the lists wrote before this codec: bookmarked links keep working.
    expect(names.encode(["Smith", "Jo", ID])).toBe(raw(["Smith", "Jo", ID]));
    expect(names.encode(["Smith", "Jo", ID])).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it("decodes anything that is not a position it wrote to null (the first page), never an error", () => {
    for (const bad of [
      undefined,
      null,
      42,
      ["a"],
      {},
      "",
      "garbage",
      "%00",
      "!!!",
      raw("text"),
      raw(["Smith", "Jo"]),
      raw(["Smith", "Jo", "not-a-uuid"]),
      raw([1, 2, ID]),
      raw(["not a date", ID]),
    ]) {
      expect(names.decode(bad)).toBeNull();
      expect(times.decode(bad)).toBeNull();
    }
    expect(names.decode(raw(["x".repeat(CURSOR_MAX), "y", ID]))).toBeNull();
  });

  it("never lets a control character or lone surrogate in the cursor itself through", () => {
    for (const c of [...C0, ...LONE_SURROGATES]) {
      expect(names.decode(c)).toBeNull();
      expect(names.decode(`${names.encode(["Smith", "Jo", ID])}${c}`)).toBeNull();
    }
  });

  it("treats a position holding NUL or a lone surrogate as malformed: Postgres text cannot hold them", () => {
    for (const bad of ["\u0000", ...LONE_SURROGATES]) {
      expect(names.decode(raw([`a${bad}`, "Jo", ID]))).toBeNull();
      expect(names.decode(raw(["Smith", bad, ID]))).toBeNull();
    }
    // Other control characters are text Postgres compares like any other (no stored name has them, so no match).
    for (const c of C0.slice(1)) expect(names.decode(raw([`a${c}`, "Jo", ID]))).toEqual([`a${c}`, "Jo", ID]);
  });
});
