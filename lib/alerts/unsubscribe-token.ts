import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { env } from "../env";
import type { AlertKind } from "../generated/prisma/client";
import { ALERT_KINDS } from "./alert-kinds";

/**
 * The one-click unsubscribe link of an alert email: who (user), where (business) and which kind, signed with a key
 * derived from NEXTAUTH_SECRET. It needs no login (mail apps POST to it on their own, RFC 8058) and does exactly one
 * thing: turn that kind off for that person. It does not expire: an old alert's link must still work.
 */
export type UnsubscribeClaim = { userId: string; businessId: string; kind: AlertKind };

const Claim = z.object({ u: z.uuid(), b: z.uuid(), k: z.enum(ALERT_KINDS) });

function signature(body: string): Buffer {
  const key = createHmac("sha256", env().NEXTAUTH_SECRET).update("alert-unsubscribe-v1").digest();
  return createHmac("sha256", key).update(body).digest();
}

export function signUnsubscribeToken(claim: UnsubscribeClaim): string {
  const body = Buffer.from(JSON.stringify({ u: claim.userId, b: claim.businessId, k: claim.kind })).toString(
    "base64url",
  );
  return `${body}.${signature(body).toString("base64url")}`;
}

/** The claim of a genuine token, or null (malformed, tampered with, or signed with another key). */
export function verifyUnsubscribeToken(token: string): UnsubscribeClaim | null {
  if (token.length > 500) return null;
  const [body, sig] = token.split(".");
  if (!body || !sig) return null;
  const given = Buffer.from(sig, "base64url");
  const expected = signature(body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const parsed = Claim.safeParse(JSON.parse(Buffer.from(body, "base64url").toString("utf8")));
    return parsed.success ? { userId: parsed.data.u, businessId: parsed.data.b, kind: parsed.data.k } : null;
  } catch {
    return null;
  }
}
