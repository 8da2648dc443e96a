// Mailchimp's formats: ISO 8601 times with `+00:00` and whole seconds, collections paged with count/offset, and
// `fields` / `exclude_fields` projections (comma lists with dot notation) on any answer.
import type { McSandbox } from "../context";

/** `2026-03-02T12:00:00+00:00`, or "" for a time that never happened (as Mailchimp leaves empty timestamps). */
export function mcTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "";
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "+00:00");
}

/** A timestamp from a query (`since_last_changed=...`), or null when absent; NaN means malformed. */
export function parseTime(value: string | null): number | null {
  if (value === null || value === "") return null;
  return Date.parse(value);
}

/** Whole seconds, as Mailchimp compares the second-precision times it shows. */
export function seconds(ms: number): number {
  return Math.floor(ms / 1000);
}

export interface Paging {
  count: number;
  offset: number;
}

/** `count` defaults to 10 and is silently capped at 1000; `offset` defaults to 0. */
export function paging(url: URL): Paging {
  const count = Number.parseInt(url.searchParams.get("count") ?? "", 10);
  const offset = Number.parseInt(url.searchParams.get("offset") ?? "", 10);
  return {
    count: Number.isFinite(count) && count > 0 ? Math.min(count, 1000) : 10,
    offset: Number.isFinite(offset) && offset > 0 ? offset : 0,
  };
}

export function page<T>(items: T[], { count, offset }: Paging): T[] {
  return items.slice(offset, offset + count);
}

export interface Link {
  rel: string;
  href: string;
  method: string;
}

export function links(sandbox: McSandbox, self: string, extra: [rel: string, path: string, method: string][] = []) {
  const base = `${sandbox.origin}/3.0`;
  return [
    { rel: "self", href: `${base}${self}`, method: "GET" },
    ...extra.map(([rel, path, method]) => ({ rel, href: `${base}${path}`, method })),
  ];
}

/** Applies `fields` / `exclude_fields` (comma lists, dot notation through objects and arrays) to an answer. */
export function project(body: unknown, url: URL): unknown {
  const include = splitFields(url.searchParams.get("fields"));
  const exclude = splitFields(url.searchParams.get("exclude_fields"));
  let result = body;
  if (include.length > 0)
    result = pick(
      result,
      include.map((f) => f.split(".")),
    );
  if (exclude.length > 0) for (const path of exclude) result = omit(result, path.split("."));
  return result;
}

function splitFields(value: string | null): string[] {
  return (value ?? "")
    .split(",")
    .map((f) => f.trim())
    .filter(Boolean);
}

function pick(value: unknown, paths: string[][]): unknown {
  if (Array.isArray(value)) return value.map((item) => pick(item, paths));
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  const source = value as Record<string, unknown>;
  for (const [key, child] of Object.entries(source)) {
    const matching = paths.filter((p) => p[0] === key);
    if (matching.length === 0) continue;
    // A path that ends here takes the whole value; longer ones narrow it.
    out[key] = matching.some((p) => p.length === 1)
      ? child
      : pick(
          child,
          matching.map((p) => p.slice(1)),
        );
  }
  return out;
}

function omit(value: unknown, path: string[]): unknown {
  if (Array.isArray(value)) return value.map((item) => omit(item, path));
  if (typeof value !== "object" || value === null || path.length === 0) return value;
  const [head, ...rest] = path as [string, ...string[]];
  const out = { ...(value as Record<string, unknown>) };
  if (!(head in out)) return value;
  if (rest.length === 0) delete out[head];
  else out[head] = omit(out[head], rest);
  return out;
}
