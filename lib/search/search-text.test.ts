import { describe, expect, it } from "vitest";
import { isPostgresText } from "../text/postgres-text";
import { escapeLike, normalizeSearchText, SearchText } from "./search-text";

/** Every C0 control character, U+0000 to U+001F. */
const C0 = Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i));
const LONE_SURROGATES = ["\uD800", "\uDBFF", "\uDC00", "\uDFFF"];

describe("search text", () => {
  it("turns every C0 control character, DEL, C1 and lone surrogate into a word break", () => {
    for (const bad of [...C0, "\u007f", "\u0085", "\u009f", ...LONE_SURROGATES]) {
      expect(normalizeSearchText(`ann${bad}smi`)).toBe("ann smi");
      expect(normalizeSearchText(bad)).toBe("");
      expect(isPostgresText(normalizeSearchText(`${bad}a${bad}`))).toBe(true);
    }
  });

  it("keeps what can be part of a name: letters, emoji (surrogate pairs), joiners and right-to-left text", () => {
    for (const good of ["Zoë", "O'Brien", "😀", "👩‍👩‍👧", "\u200Dx", "مريم", "100%_Fit"])
      expect(normalizeSearchText(good)).toBe(good);
  });

  it("parses anything from the URL to a search, never an error", () => {
    expect(SearchText.parse("  ann\u0000smi  ")).toBe("ann smi");
    expect(SearchText.parse("%00")).toBe("%00"); // Next decodes the URL; a literal "%00" is text
    expect(SearchText.parse("\u0000")).toBe("");
    expect(SearchText.parse("x".repeat(201))).toBe("");
    for (const odd of [undefined, null, 42, ["a", "b"], { q: "a" }]) expect(SearchText.parse(odd)).toBe("");
  });

  it("escapes LIKE wildcards so they are searched as text", () => {
    expect(escapeLike("100%_Fit\\")).toBe("100\\%\\_Fit\\\\");
  });
});

describe("Postgres text", () => {
  it("refuses NUL and lone surrogates, and nothing else", () => {
    expect(isPostgresText("a\u0000b")).toBe(false);
    for (const lone of LONE_SURROGATES) expect(isPostgresText(`a${lone}b`)).toBe(false);
    for (const c of C0.slice(1)) expect(isPostgresText(`a${c}b`)).toBe(true);
    expect(isPostgresText("😀 \uD83D\uDE00")).toBe(true);
  });
});
