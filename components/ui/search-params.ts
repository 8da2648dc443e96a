// A page's search parameters as Next hands them over, and the links of a search or filter page: its path and the
// parameters in use, never an empty one.

export type SearchParams = Record<string, string | string[] | undefined>;

/** The value of a parameter given once; the first when the URL repeats it. */
export function firstParam(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** `path?name=value&…` with the parameters that have a value, in the given order; the bare path when none has. */
export function hrefWith(path: string, params: Record<string, string | null | undefined>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value) query.set(name, value);
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}
