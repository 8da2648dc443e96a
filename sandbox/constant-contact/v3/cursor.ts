// Opaque paging cursors, as CC's `_links.next.href` (`/v3/contacts?cursor=...`): the cursor carries the whole
// query plus where the previous page stopped, so the next page needs nothing else.
import { z } from "zod";
import { ccError } from "./errors";
import { parseQueryParams } from "./json-body";

export function encodeCursor(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

export function decodeCursor<T extends z.ZodType>(cursor: string, schema: T): z.infer<T> {
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through to the 400 below
  }
  throw ccError(400, "cursor.invalid", "The cursor is invalid or has expired.");
}

/** An offset cursor keeps the raw query parameters and re-validates them, so a forged cursor is still checked. */
const OffsetCursor = z.object({ q: z.record(z.string(), z.string()), offset: z.number().int().min(0) });

/**
 * One page of a collection paged by offset (contact lists, tags): the query, read from the URL or from its cursor,
 * the page's items, and `_links.next` when more follow.
 */
export function offsetPage<T, Q extends z.ZodType<{ limit: number }>>(
  url: URL,
  /** The whole collection, or a function of the query (when the query filters it). */
  source: readonly T[] | ((query: z.infer<Q>) => readonly T[]),
  querySchema: Q,
  errorKey: string,
): { query: z.infer<Q>; page: T[]; links: { _links?: { next: { href: string } } } } {
  const cursor = url.searchParams.get("cursor");
  const { q, offset } = cursor
    ? decodeCursor(cursor, OffsetCursor)
    : { q: Object.fromEntries(url.searchParams), offset: 0 };
  const query = parseQueryParams(q, querySchema, errorKey);
  const items = typeof source === "function" ? source(query) : source;
  const end = offset + query.limit;
  const next = end < items.length ? `${url.pathname}?cursor=${encodeCursor({ q, offset: end })}` : null;
  return { query, page: items.slice(offset, end), links: next ? { _links: { next: { href: next } } } : {} };
}
