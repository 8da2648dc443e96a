import { z } from "zod";
import { isPostgresText } from "../text/postgres-text";

// The one codec for keyset pagination (clients, the support console's business search, audit log, sync history):
// a position (the sort key of a row shown) travels in the URL as base64url JSON and is validated with zod when it
// comes back. The URL is the user's to edit, so anything that does not decode to a valid position (not base64,
// not JSON, the wrong shape, text Postgres cannot hold) decodes to null, which every list reads as "first page".

/** Longer than any position we write; a longer cursor is not ours. */
export const CURSOR_MAX = 2000;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** A timestamp inside a position: an ISO string in the URL, a Date in code (millisecond precision, like the columns). */
export const CursorTime = z.codec(z.iso.datetime(), z.date(), {
  decode: (iso) => new Date(iso),
  encode: (date) => date.toISOString(),
});

export type KeysetCursor<T> = {
  encode(position: T): string;
  /** The position, or null for "first page" whatever the input. */
  decode(cursor: unknown): T | null;
};

/** A codec for positions of this shape (a tuple keeps the URL short). */
export function keysetCursor<S extends z.ZodType>(position: S): KeysetCursor<z.output<S>> {
  return {
    encode: (value) => Buffer.from(JSON.stringify(position.encode(value))).toString("base64url"),
    decode(cursor) {
      // Strictly base64url: Node's decoder would skip other characters and read a mangled cursor as a valid one.
      if (typeof cursor !== "string" || cursor.length > CURSOR_MAX || !BASE64URL.test(cursor)) return null;
      let payload: unknown;
      try {
        payload = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
      } catch {
        return null;
      }
      if (!storable(payload)) return null;
      const parsed = position.safeParse(payload);
      return parsed.success ? parsed.data : null;
    },
  };
}

/** Every string in the payload, at any depth, can be compared with a Postgres text column. */
function storable(value: unknown): boolean {
  if (typeof value === "string") return isPostgresText(value);
  if (Array.isArray(value)) return value.every(storable);
  if (value && typeof value === "object") return Object.entries(value).every(([k, v]) => storable(k) && storable(v));
  return true;
}
