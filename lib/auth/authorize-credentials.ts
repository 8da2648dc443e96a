import { db } from "../db";
import { recordAudit } from "../audit";
import { CredentialsInput, throttledSignIn, throttleKey, WRONG_CREDENTIALS } from "./login-throttle";
import { dummyPasswordHash, verifyPassword } from "./password";

export type LoginResult =
  | { ok: true; user: { id: string; email: string; name: string; sessionVersion: number }; deviceCookie: string }
  | { ok: false; message: string };

/**
 * Checks a sign-in attempt from `address` (lib/auth/client-address.ts), by a browser that sent `deviceCookie`
 * (lib/auth/device-cookie.ts) or none. Every outcome is a message for the login page; nothing here throws on bad
 * input. A success carries the device cookie the browser keeps.
 */
export async function authorizeCredentials(
  raw: unknown,
  from: { address: string; deviceCookie?: string },
): Promise<LoginResult> {
  const parsed = CredentialsInput.safeParse(raw);
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? WRONG_CREDENTIALS };
  const { email, password } = parsed.data;
  let userId: string | null = null;

  const outcome = await throttledSignIn(
    { account: throttleKey({ kind: "staff" }, email), ...from },
    async () => {
      const user = await db.user.findUnique({ where: { email: email.toLowerCase() }, omit: { passwordHash: false } });
      userId = user?.id ?? null;
      const valid = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
      if (!user || !valid) return { ok: false, message: WRONG_CREDENTIALS };
      return {
        ok: true,
        value: { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion },
      };
    },
    {
      onLocked: async (until) => {
        await recordAudit({
          action: "auth.login_locked",
          actor: { userId, label: email.toLowerCase() },
          details: { email: email.toLowerCase(), address: from.address, lockedUntil: until.toISOString() },
        });
      },
    },
  );
  return outcome.ok ? { ok: true, user: outcome.value, deviceCookie: outcome.deviceCookie } : outcome;
}
