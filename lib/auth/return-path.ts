// Where signing in returns to: the page that was asked for, and only ever a path on this site (no open redirect).

/** Set by proxy.ts on every page request: the path and query the browser asked for, for the sign-in redirect. */
export const REQUEST_PATH_HEADER = "x-request-path";

const SENTINEL = "http://return-path.invalid";

/**
 * `raw` as a same-origin path, or "/" for anything else: another origin (`https://…`, `//host`, `/\host`, which
 * browsers read as `//host`), another scheme (`javascript:`), or the login page itself. The URL parser does the
 * reading, as a browser would (it drops tabs and newlines and turns backslashes into slashes).
 */
export function safeReturnPath(raw: unknown): string {
  if (typeof raw !== "string" || !raw.startsWith("/") || raw.length > 2_000) return "/";
  let url: URL;
  try {
    url = new URL(raw, SENTINEL);
  } catch {
    return "/";
  }
  if (url.origin !== SENTINEL) return "/";
  const path = `${url.pathname}${url.search}${url.hash}`;
  // The parser normalises "/.//evil.example" to "//evil.example": still a path to it, another host to a browser.
  if (path.startsWith("//") || path.startsWith("/\\")) return "/";
  if (url.pathname === "/login") return "/";
  return path;
}

/** The login page, remembering where to return after signing in. */
export function signInPath(returnPath: string): string {
  const path = safeReturnPath(returnPath);
  return path === "/" ? "/login" : `/login?${new URLSearchParams({ callbackUrl: path })}`;
}
