// Control API bodies: JSON, validated with zod; errors as {error, issues?}.
import type { IncomingMessage } from "node:http";
import type { z } from "zod";
import { HttpError, readBody } from "../http";

const CONTROL_BODY_LIMIT = 1024 * 1024;

export function controlError(status: number, error: string, issues?: unknown): HttpError {
  return new HttpError(status, issues === undefined ? { error } : { error, issues });
}

export async function readControlJson<T extends z.ZodType>(req: IncomingMessage, schema: T): Promise<z.infer<T>> {
  const body = await readBody(req, CONTROL_BODY_LIMIT);
  if (body.totalBytes > CONTROL_BODY_LIMIT) throw controlError(413, "body too large");
  const text = body.buffer.toString("utf8").trim();
  let value: unknown = {};
  if (text) {
    try {
      value = JSON.parse(text);
    } catch {
      throw controlError(400, "malformed JSON");
    }
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw controlError(
      400,
      "invalid body",
      parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    );
  return parsed.data;
}
