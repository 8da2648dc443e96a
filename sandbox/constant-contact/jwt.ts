// HS256 JWTs for access tokens: CC's are JWTs (Okta), and clients sometimes read `exp` out of them.
import { createHmac, timingSafeEqual } from "node:crypto";

function encodePart(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

export function signJwt(claims: Record<string, unknown>, secret: string): string {
  const head = `${encodePart({ alg: "HS256", typ: "JWT", kid: "sandbox" })}.${encodePart(claims)}`;
  return `${head}.${createHmac("sha256", secret).update(head).digest("base64url")}`;
}

/** The claims when the signature holds, otherwise null. Expiry is the caller's business (it owns the clock). */
export function verifyJwt(token: string, secret: string): Record<string, unknown> | null {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  const [header, payload, signature] = parts as [string, string, string];
  const expected = createHmac("sha256", secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    return typeof claims === "object" && claims !== null ? (claims as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
