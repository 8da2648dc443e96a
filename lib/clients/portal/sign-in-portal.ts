import { z } from "zod";
import { db } from "../../db";
import { clearLoginFailures, lockedUntil, recordLoginFailure } from "../../auth/login-throttle";
import { dummyPasswordHash, verifyPassword } from "../../auth/password";
import { normalizeEmail } from "../normalize-email";
import { startPortalSession } from "./portal-session";

export const PortalSignInInput = z.object({
  email: z.string().trim().min(1, "Enter your email.").max(254, "That email is too long.").pipe(z.email("Enter a valid email.")),
  password: z.string().min(1, "Enter your password.").max(200, "That password is too long."),
});
export type PortalSignInInput = z.input<typeof PortalSignInInput>;

export type PortalSignInResult = { ok: true; token: string; expiresAt: Date } | { ok: false; message: string };

const WRONG = "Wrong email or password.";

/** Throttled per portal and email, apart from staff sign-in: a locked portal does not lock a staff account. */
export function portalThrottleKey(businessSlug: string, email: string): string {
  return `portal:${businessSlug}:${normalizeEmail(email)}`;
}

/**
 * Signs a client in to one business's portal. Several clients may share the email (a family); the password
 * decides which one, and it must match exactly one (set-portal-password.ts refuses a password a relative already
 * uses, so two matches mean something is wrong and nobody is signed in).
 */
export async function signInPortal(businessSlug: string, raw: unknown, now = new Date()): Promise<PortalSignInResult> {
  const parsed = PortalSignInInput.safeParse(raw);
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? WRONG };
  const { email, password } = parsed.data;
  const key = portalThrottleKey(businessSlug, email);
  const locked = await lockedUntil(key, now);
  if (locked) return { ok: false, message: lockMessage(locked, now) };

  const candidates = await db.client.findMany({
    where: { business: { slug: businessSlug }, emailNormalized: normalizeEmail(email), portalPasswordHash: { not: null } },
    select: { id: true, businessId: true, portalPasswordHash: true },
    take: 20,
  });
  const matches = [];
  for (const c of candidates) if (await verifyPassword(c.portalPasswordHash!, password)) matches.push(c);
  if (candidates.length === 0) await verifyPassword(await dummyPasswordHash(), password); // same timing as a wrong password

  if (matches.length !== 1) {
    const lockedNow = await recordLoginFailure(key, now);
    if (lockedNow) return { ok: false, message: lockMessage(lockedNow, now) };
    return { ok: false, message: matches.length > 1 ? "This password opens more than one profile. Ask the studio for a new link." : WRONG };
  }
  await clearLoginFailures(key);
  const match = matches[0]!;
  const session = await db.$transaction((tx) => startPortalSession(tx, match.id, match.businessId, now));
  return { ok: true, ...session };
}

function lockMessage(until: Date, now: Date): string {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  return `Too many failed attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}
