// A tiny router and the request/response helpers every provider's handlers share. Plain node:http, no framework.
import type { IncomingMessage, ServerResponse } from "node:http";

/** What a handler answers; `sendReply` writes it out. At most one of json, html and body is set. */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  json?: unknown;
  /** The content type of a JSON body (default `application/json`), e.g. Mailchimp's `application/problem+json`. */
  jsonContentType?: string;
  html?: string;
  /** Any other body (a file); its content type goes in `headers`. */
  body?: Buffer;
}

/**
 * Thrown by handlers for any 4xx/5xx; the body is already in the shape of the area (CC's V3 array, Mailchimp's
 * problem document, OAuth JSON, ...).
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(`HTTP ${status}`);
  }
}

export interface RequestContext {
  req: IncomingMessage;
  method: string;
  url: URL;
  params: Record<string, string>;
}

export type Handler = (ctx: RequestContext) => Reply | Promise<Reply>;

interface Route<H> {
  method: string;
  pattern: string;
  segments: string[];
  handler: H;
}

export type RouteMatch<H = Handler> =
  | { kind: "found"; route: { method: string; pattern: string; handler: H }; params: Record<string, string> }
  | { kind: "wrong_method"; pattern: string; allowed: string[] }
  | { kind: "none" };

/**
 * Patterns like `/v3/contacts/{contact_id}`: literal segments, or `{name}` capturing one segment. The handler type is
 * the provider's choice (plain HTTP handlers by default; Mailchimp's API routes take an authenticated context).
 */
export class Router<H = Handler> {
  private readonly routes: Route<H>[] = [];

  add(method: string, pattern: string, handler: H): this {
    this.routes.push({ method, pattern, segments: pattern.split("/").filter(Boolean), handler });
    return this;
  }

  match(method: string, path: string): RouteMatch<H> {
    const parts = path.split("/").filter(Boolean);
    let wrongMethod: string | null = null;
    const allowed: string[] = [];
    // Literal routes win over captures (`/contacts/sign_up_form` before `/contacts/{contact_id}`).
    const ordered = [...this.routes].sort((a, b) => captureCount(a) - captureCount(b));
    for (const route of ordered) {
      const params = matchSegments(route.segments, parts);
      if (!params) continue;
      if (route.method !== method) {
        wrongMethod ??= route.pattern;
        if (route.pattern === wrongMethod && !allowed.includes(route.method)) allowed.push(route.method);
        continue;
      }
      return { kind: "found", route, params };
    }
    return wrongMethod ? { kind: "wrong_method", pattern: wrongMethod, allowed } : { kind: "none" };
  }
}

function captureCount(route: { segments: string[] }): number {
  return route.segments.filter((segment) => segment.startsWith("{")).length;
}

function matchSegments(segments: string[], parts: string[]): Record<string, string> | null {
  if (segments.length !== parts.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] ?? "";
    const part = parts[i] ?? "";
    if (segment.startsWith("{")) {
      try {
        params[segment.slice(1, -1)] = decodeURIComponent(part);
      } catch {
        return null;
      }
    } else if (segment !== part) return null;
  }
  return params;
}

export interface RawBody {
  /** At most `keepBytes` bytes: the prefix the handler gets to see. */
  buffer: Buffer;
  /** The size the client actually sent, measured on raw bytes. */
  totalBytes: number;
}

/**
 * Reads the body, keeping only its first `keepBytes` bytes but counting all of them, so a handler can tell
 * "over the limit" from "cut at the limit" without holding a huge body in memory.
 */
export function readBody(req: IncomingMessage, keepBytes: number): Promise<RawBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let kept = 0;
    let totalBytes = 0;
    req.on("data", (chunk: Buffer) => {
      totalBytes += chunk.length;
      if (kept < keepBytes) {
        const slice = chunk.subarray(0, keepBytes - kept);
        chunks.push(slice);
        kept += slice.length;
      }
    });
    req.on("end", () => resolve({ buffer: Buffer.concat(chunks), totalBytes }));
    req.on("error", reject);
  });
}

/** Writes a handler's answer. HTML pages get a strict CSP: they never run scripts or load anything. */
export function sendReply(res: ServerResponse, reply: Reply): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string> = { ...reply.headers };
  let body: string | Buffer | undefined;
  if (reply.html !== undefined) {
    body = reply.html;
    headers["content-type"] = "text/html; charset=utf-8";
    headers["content-security-policy"] = "default-src 'none'; style-src 'unsafe-inline'";
    headers["x-frame-options"] = "DENY";
    headers["cache-control"] = "no-store";
  } else if (reply.json !== undefined) {
    body = JSON.stringify(reply.json);
    headers["content-type"] = reply.jsonContentType ?? "application/json";
  } else if (reply.body !== undefined) {
    body = reply.body;
  }
  res.writeHead(reply.status, headers);
  res.end(body);
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return { status, json: body, headers };
}

export function html(status: number, body: string): Reply {
  return { status, html: body };
}

export function redirect(location: string): Reply {
  return { status: 302, headers: { location } };
}
