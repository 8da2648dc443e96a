// A server action call is a POST with a `Next-Action` header whose body React's `encodeReply` wrote: the argument list
// as a JSON array (text/plain), or as multipart/form-data whose part "0" is that array and whose other parts hold
// what the array refers to (FormData, files, outlined values). Next hands any other body to React's decoder, which
// throws ("CreateListFromArrayLike called on non-object", "Unexpected end of JSON input") and the request ends as a
// server error. proxy.ts asks this module first and answers such a request itself: 400, or 413 when too large.

/** Next's default `serverActions.bodySizeLimit` (next.config.ts keeps it): larger bodies never reach an action. */
export const SERVER_ACTION_BODY_LIMIT_BYTES = 1024 * 1024;

export type ActionBodyRefusal = { status: 400 | 413; message: string };

const TOO_LARGE: ActionBodyRefusal = { status: 413, message: "Request body too large." };
const MALFORMED: ActionBodyRefusal = { status: 400, message: "Malformed server action request." };

/**
 * What a text body may hold besides plain JSON: `encodeReply` escapes a string starting with `$` as `$$…`, and
 * writes these values inline: `$undefined`, `$Infinity`, `$-Infinity`, `$NaN`, `$-0`, `$D<date>`, `$n<bigint>` (the
 * decoder throws past 300 digits), `$T` (a temporary reference). Every other `$…` string points at another part of
 * the body, which only a multipart body has.
 */
const INLINE_ENCODING = /^\$(?:[$uIND\-T]|n-?\d{1,300}$)/;

/** Null when the request is not a server action call, or is one with a body the framework can decode. */
export async function refuseMalformedServerAction(request: Request): Promise<ActionBodyRefusal | null> {
  if (request.method !== "POST" || !request.headers.has("next-action")) return null;
  const declaredLength = Number(request.headers.get("content-length"));
  if (declaredLength > SERVER_ACTION_BODY_LIMIT_BYTES) return TOO_LARGE;
  const body = await readAtMost(request.body, SERVER_ACTION_BODY_LIMIT_BYTES);
  if (body === "too large") return TOO_LARGE;

  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.toLowerCase().startsWith("multipart/form-data")) {
    return isArgumentList(new TextDecoder().decode(body), { partsBesideRoot: false }) ? null : MALFORMED;
  }
  let root: FormDataEntryValue | null;
  try {
    root = (await new Response(body, { headers: { "content-type": contentType } }).formData()).get("0");
  } catch {
    return MALFORMED;
  }
  return typeof root === "string" && isArgumentList(root, { partsBesideRoot: true }) ? null : MALFORMED;
}

/** The argument list as `encodeReply` writes it: a JSON array, referring to other parts only where there are any. */
export function isArgumentList(json: string, { partsBesideRoot }: { partsBesideRoot: boolean }): boolean {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return false;
  }
  if (!Array.isArray(value)) return false;
  if (partsBesideRoot) return true;
  // Iterative, so that a deeply nested body cannot overflow the stack.
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    if (typeof item === "string" && item.startsWith("$") && !INLINE_ENCODING.test(item)) return false;
    if (item !== null && typeof item === "object") for (const inner of Object.values(item)) pending.push(inner);
  }
  return true;
}

/** The whole body, or "too large" as soon as it passes `limit` bytes (a body may come without a Content-Length). */
async function readAtMost(
  stream: ReadableStream<Uint8Array> | null,
  limit: number,
): Promise<Uint8Array<ArrayBuffer> | "too large"> {
  if (!stream) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let length = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.byteLength;
    if (length > limit) {
      await reader.cancel();
      return "too large";
    }
    chunks.push(value);
  }
  const body = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
