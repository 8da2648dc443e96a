// What a Postgres `text` value can hold. NUL is refused outright (error 22021, which surfaced as HTTP 500 for
// "?q=%00"), and a lone UTF-16 surrogate has no UTF-8 form (the driver sends U+FFFD in its place). So a string from
// a request that contains either can never equal or be part of a stored value: callers treat it as "no match" or
// "first page", and it never reaches a query.

// With the `u` flag a well-formed surrogate pair is one code point, so the range only matches a lone half.
const UNSTORABLE = /[\u0000\uD800-\uDFFF]/u;

export function isPostgresText(value: string): boolean {
  return !UNSTORABLE.test(value);
}
