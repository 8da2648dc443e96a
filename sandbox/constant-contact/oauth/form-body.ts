// Form bodies of the OAuth endpoints and HTTP Basic client authentication.
import type { IncomingMessage } from "node:http";
import type { Sandbox } from "../context";
import { findClient } from "../context";
import { readBody } from "../../http";
import type { RegisteredClient } from "../options";
import { invalidClient, oauthError } from "./oauth-errors";

const FORM_LIMIT_BYTES = 64 * 1024;

export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const type = req.headers["content-type"] ?? "";
  const body = await readBody(req, FORM_LIMIT_BYTES);
  if (body.totalBytes > FORM_LIMIT_BYTES) throw oauthError(413, "invalid_request", "Request body too large.");
  if (!type.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
    throw oauthError(400, "invalid_request", "The request must be application/x-www-form-urlencoded.");
  }
  return new URLSearchParams(body.buffer.toString("utf8"));
}

/** `Authorization: Basic base64(client_id:client_secret)`, as CC requires at the token endpoint. */
export function authenticateClient(sandbox: Sandbox, req: IncomingMessage): RegisteredClient {
  const header = req.headers.authorization ?? "";
  const match = /^Basic\s+(.+)$/i.exec(header);
  if (!match?.[1]) throw invalidClient();
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) throw invalidClient();
  // RFC 6749 §2.3.1: both parts are form-urlencoded before base64.
  const clientId = safeDecode(decoded.slice(0, colon));
  const secret = safeDecode(decoded.slice(colon + 1));
  const client = findClient(sandbox, clientId);
  if (!client || client.clientSecret !== secret) throw invalidClient();
  return client;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, " "));
  } catch {
    return value;
  }
}
