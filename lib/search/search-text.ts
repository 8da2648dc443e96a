import { z } from "zod";

// The search box's text, for every search over names, emails and slugs. Control characters (C0, DEL, C1) and lone
// surrogates are never part of a stored name or email (client fields refuse controls, Postgres text refuses NUL),
// so here they only separate words: "a\u0000b" searches "a b" and "\u0000" alone is no search at all (the first
// page), never a query Postgres rejects.

export const SEARCH_TEXT_MAX = 200;

const NOT_SEARCHABLE = /[\u0000-\u001f\u007f-\u009f\uD800-\uDFFF]/gu;

export function normalizeSearchText(raw: string): string {
  return raw.replace(NOT_SEARCHABLE, " ").trim();
}

/** Straight from the URL: anything that is not a string of at most SEARCH_TEXT_MAX characters is no search. */
export const SearchText = z.string().trim().max(SEARCH_TEXT_MAX).transform(normalizeSearchText).catch("");

/** Prisma passes `contains` into LIKE as is: the wildcards are escaped so "%" and "_" are searched as text. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, "\\$&");
}
