// Opaque paging cursors, as CC's `_links.next.href` (`/v3/contacts?cursor=...`): the cursor carries the whole
// query plus where the previous page stopped, so the next page needs nothing else.
import type { z } from "zod";
import { ccError } from "./errors";

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
