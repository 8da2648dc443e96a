// JSON request bodies of the V3 API: size measured on raw bytes, JSON only, malformed JSON → CC's 400.
import type { IncomingMessage } from "node:http";
import type { z } from "zod";
import { readBody, type RawBody } from "../../http";
import { ccError, malformedJson, validationError } from "./errors";

/** Most endpoints: 4 MB, the same ceiling CC puts on its largest (import) payloads. */
export const DEFAULT_BODY_LIMIT = 4 * 1024 * 1024;

/** CC answers 415 unless the payload is declared as JSON. */
export function requireJsonContentType(req: IncomingMessage): void {
  const type = (req.headers["content-type"] ?? "").toLowerCase();
  if (!type.startsWith("application/json")) {
    throw ccError(
      415,
      "unsupported_media_type",
      "Unsupported Media Type; the payload must be in JSON format, and Content-Type must be application/json",
    );
  }
}

export async function readRawJson(req: IncomingMessage, keepBytes: number): Promise<RawBody> {
  requireJsonContentType(req);
  return readBody(req, keepBytes);
}

export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw malformedJson();
  }
}

/** Read, parse and validate; anything wrong becomes a CC-shaped 4xx. */
export async function readJson<T extends z.ZodType>(
  req: IncomingMessage,
  schema: T,
  errorKey: string,
): Promise<z.infer<T>> {
  const body = await readRawJson(req, DEFAULT_BODY_LIMIT);
  if (body.totalBytes > DEFAULT_BODY_LIMIT)
    throw ccError(413, "request_too_large", "The request body exceeds the maximum size.");
  const parsed = schema.safeParse(parseJsonText(body.buffer.toString("utf8")));
  if (!parsed.success) throw validationError(errorKey, parsed.error);
  return parsed.data;
}

export function parseQuery<T extends z.ZodType>(url: URL, schema: T, errorKey: string): z.infer<T> {
  return parseQueryParams(Object.fromEntries(url.searchParams), schema, errorKey);
}

export function parseQueryParams<T extends z.ZodType>(
  params: Record<string, string | string[]>,
  schema: T,
  errorKey: string,
): z.infer<T> {
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw validationError(errorKey, parsed.error);
  return parsed.data;
}
