import { db } from "../../db";
import { CredentialsInput, throttledSignIn, throttleKey, WRONG_CREDENTIALS } from "../../auth/login-throttle";
import { dummyPasswordHash, verifyPassword } from "../../auth/password";
import { normalizeEmail } from "../normalize-email";
import { isPortalSlug } from "./portal-business";
import { startPortalSession } from "./portal-session";

export type PortalSignInResult =
  { ok: true; token: string; expiresAt: Date; deviceCookie: string } | { ok: false; message: string };

/**
 * Signs a client in to one business's portal. Several clients may share the email (a family); the password
 * decides which one, and it must match exactly one (set-portal-password.ts refuses a password a relative already
 * uses, so two matches mean something is wrong and nobody is signed in). Throttled per portal and email, apart
 * from staff sign-in (a throttled portal does not throttle a staff account), and per client address or device cookie
 * (see lib/auth/login-throttle.ts).
 */
export async function signInPortal(
  businessSlug: string,
  raw: unknown,
  from: { address: string; deviceCookie?: string },
  now = new Date(),
): Promise<PortalSignInResult> {
  const parsed = CredentialsInput.safeParse(raw);
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? WRONG_CREDENTIALS };
  // No business has such a slug (NUL, a lone surrogate): wrong credentials, and nothing to throttle or look up.
  if (!isPortalSlug(businessSlug)) return { ok: false, message: WRONG_CREDENTIALS };
  const { email, password } = parsed.data;

  const outcome = await throttledSignIn(
    { account: throttleKey({ kind: "portal", businessSlug }, email), ...from },
    async () => {
      const candidates = await db.client.findMany({
        where: {
          business: { slug: businessSlug },
          emailNormalized: normalizeEmail(email),
          portalPasswordHash: { not: null },
        },
        select: { id: true, businessId: true, portalPasswordHash: true },
        take: 20,
      });
      const matches = [];
      for (const c of candidates) if (await verifyPassword(c.portalPasswordHash!, password)) matches.push(c);
      if (candidates.length === 0) await verifyPassword(await dummyPasswordHash(), password); // same timing as a wrong password
      if (matches.length > 1)
        return { ok: false, message: "This password opens more than one profile. Ask the studio for a new link." };
      const match = matches[0];
      return match ? { ok: true, value: match } : { ok: false, message: WRONG_CREDENTIALS };
    },
  );
  if (!outcome.ok) return outcome;
  const match = outcome.value;
  const session = await db.$transaction((tx) => startPortalSession(tx, match.id, match.businessId, now));
  return { ok: true, ...session, deviceCookie: outcome.deviceCookie };
}
