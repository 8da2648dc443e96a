import { z } from "zod";
import { db } from "../db";

/**
 * Slows down guessing, for staff sign-in and Client Portal sign-in alike: after FREE_ATTEMPTS failures for one key
 * (an email, known or not, so lockout reveals nothing), the next attempt must wait, doubling from 30 seconds up to
 * 15 minutes. A success clears the count.
 */
const FREE_ATTEMPTS = 5;
const BASE_LOCK_MS = 30_000;
const MAX_LOCK_MS = 15 * 60_000;

/** What both sign-in forms send. Every message is one the form can show; nothing about the input throws. */
export const CredentialsInput = z.object({
  email: z.string().trim().min(1, "Enter your email.").max(254, "That email is too long.").pipe(z.email("Enter a valid email.")),
  password: z.string().min(1, "Enter your password.").max(1024, "That password is too long."),
});
export type CredentialsInput = z.input<typeof CredentialsInput>;

export const WRONG_CREDENTIALS = "Wrong email or password.";

/**
 * Whose failures count together. Staff per email; the portal per portal and email, so a locked portal does not lock
 * a staff account (or another studio's portal).
 */
export type ThrottleRealm = { kind: "staff" } | { kind: "portal"; businessSlug: string };

export function throttleKey(realm: ThrottleRealm, email: string): string {
  const normalized = email.trim().toLowerCase();
  return realm.kind === "staff" ? `login:${normalized}` : `portal:${realm.businessSlug}:${normalized}`;
}

export type SignInOutcome<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * One sign-in attempt under the throttle: a locked key is refused before any password is checked; a failed attempt
 * counts, and the one that locks the key answers with the lock (after `onLocked`, e.g. an audit entry); a success
 * clears the count.
 */
export async function throttledSignIn<T>(
  key: string,
  attempt: () => Promise<SignInOutcome<T>>,
  options: { now: Date; onLocked?: (until: Date) => Promise<void> },
): Promise<SignInOutcome<T>> {
  const { now } = options;
  const locked = await lockedUntil(key, now);
  if (locked) return { ok: false, message: lockMessage(locked, now) };
  const outcome = await attempt();
  if (outcome.ok) {
    await clearLoginFailures(key);
    return outcome;
  }
  const lockedNow = await recordLoginFailure(key, now);
  if (!lockedNow) return outcome;
  await options.onLocked?.(lockedNow);
  return { ok: false, message: lockMessage(lockedNow, now) };
}

function lockMessage(until: Date, now: Date): string {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  return `Too many failed attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

async function lockedUntil(key: string, now: Date): Promise<Date | null> {
  const row = await db.loginThrottle.findUnique({ where: { key } });
  return row?.lockedUntil && row.lockedUntil > now ? row.lockedUntil : null;
}

/** Records a failure; returns the lock end when this failure locked the key. */
async function recordLoginFailure(key: string, now: Date): Promise<Date | null> {
  const row = await db.loginThrottle.upsert({
    where: { key },
    create: { key, failures: 1 },
    update: { failures: { increment: 1 } },
  });
  if (row.failures < FREE_ATTEMPTS) return null;
  const lockMs = Math.min(BASE_LOCK_MS * 2 ** (row.failures - FREE_ATTEMPTS), MAX_LOCK_MS);
  const until = new Date(now.getTime() + lockMs);
  await db.loginThrottle.update({ where: { key }, data: { lockedUntil: until } });
  return until;
}

async function clearLoginFailures(key: string): Promise<void> {
  await db.loginThrottle.deleteMany({ where: { key } });
}
