import { z } from "zod";
import { db } from "../db";
import { recordAudit } from "../audit";
import { clearLoginFailures, lockedUntil, recordLoginFailure, throttleKey } from "./login-throttle";
import { dummyPasswordHash, verifyPassword } from "./password";

export const LoginInput = z.object({
  email: z.string().trim().min(1, "Enter your email.").max(254, "That email is too long.").pipe(z.email("Enter a valid email.")),
  password: z.string().min(1, "Enter your password.").max(1024, "That password is too long."),
});

export type LoginResult =
  | { ok: true; user: { id: string; email: string; name: string; sessionVersion: number } }
  | { ok: false; message: string };

const WRONG = "Wrong email or password.";

function lockMessage(until: Date, now: Date): string {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  return `Too many failed attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

/** Checks a sign-in attempt. Every outcome is a message for the login page; nothing here throws on bad input. */
export async function authorizeCredentials(raw: unknown, now = new Date()): Promise<LoginResult> {
  const parsed = LoginInput.safeParse(raw);
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? WRONG };
  const { email, password } = parsed.data;
  const key = throttleKey(email);

  const locked = await lockedUntil(key, now);
  if (locked) return { ok: false, message: lockMessage(locked, now) };

  const user = await db.user.findUnique({ where: { email: email.toLowerCase() }, omit: { passwordHash: false } });
  const valid = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
  if (!user || !valid) {
    const lockedNow = await recordLoginFailure(key, now);
    if (lockedNow) {
      await recordAudit({
        action: "auth.login_locked",
        actor: { userId: user?.id ?? null, label: email.toLowerCase() },
        details: { email: email.toLowerCase(), lockedUntil: lockedNow.toISOString() },
      });
      return { ok: false, message: lockMessage(lockedNow, now) };
    }
    return { ok: false, message: WRONG };
  }
  await clearLoginFailures(key);
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion } };
}
