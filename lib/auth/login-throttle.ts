import { db } from "../db";

/**
 * Slows down guessing: after FREE_ATTEMPTS failures for one email (known or not, so lockout reveals nothing),
 * the next attempt must wait, doubling from 30 seconds up to 15 minutes. A success clears the count.
 */
const FREE_ATTEMPTS = 5;
const BASE_LOCK_MS = 30_000;
const MAX_LOCK_MS = 15 * 60_000;

export function throttleKey(email: string): string {
  return `login:${email.trim().toLowerCase()}`;
}

export async function lockedUntil(key: string, now = new Date()): Promise<Date | null> {
  const row = await db.loginThrottle.findUnique({ where: { key } });
  return row?.lockedUntil && row.lockedUntil > now ? row.lockedUntil : null;
}

/** Records a failure; returns the lock end when this failure locked the key. */
export async function recordLoginFailure(key: string, now = new Date()): Promise<Date | null> {
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

export async function clearLoginFailures(key: string): Promise<void> {
  await db.loginThrottle.deleteMany({ where: { key } });
}
