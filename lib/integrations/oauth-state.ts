// The `state` of a Connect Business attempt lives on the server: only its sha256 is stored, with the provider, the
// PKCE verifier (encrypted; Mailchimp has no PKCE), the user and business it belongs to, a 10-minute expiry and a
// used-at mark (single use).
import "server-only";
import { generateRandomCodeVerifier } from "oauth4webapi";
import { decryptSecret, encryptSecret, randomToken, sha256 } from "../crypto";
import { db } from "../db";
import type { Provider } from "../generated/prisma/client";

export const OAUTH_STATE_TTL_MS = 10 * 60 * 1000;

export type StateProblem = "state_invalid" | "state_used" | "state_expired" | "state_mismatch";

const verifierAad = (stateHash: string) => `oauth-state:${stateHash}`;

export async function createOAuthState(
  owner: { provider: Provider; businessId: string; userId: string; impersonatorUserId?: string | null },
  options: { pkce: boolean } = { pkce: true },
  now = new Date(),
): Promise<{ state: string; codeVerifier: string | null }> {
  const state = randomToken(32);
  const codeVerifier = options.pkce ? generateRandomCodeVerifier() : null;
  const stateHash = sha256(state);
  await db.oAuthState.create({
    data: {
      stateHash,
      provider: owner.provider,
      businessId: owner.businessId,
      userId: owner.userId,
      impersonatorUserId: owner.impersonatorUserId ?? null,
      codeVerifierEnc: codeVerifier ? encryptSecret(codeVerifier, verifierAad(stateHash)) : null,
      expiresAt: new Date(now.getTime() + OAUTH_STATE_TTL_MS),
    },
  });
  // Housekeeping: attempts abandoned more than a day ago are of no use to anyone.
  await db.oAuthState.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - 24 * 3600 * 1000) } } });
  return { state, codeVerifier };
}

/**
 * Checks the `state` that came back and uses it up. It must exist, be unused and unexpired, and belong to the
 * signed-in user and the current business. The used-at mark is set with a conditional update, so of two requests
 * racing with the same state exactly one wins.
 */
export async function consumeOAuthState(
  input: { state: string; provider: Provider; userId: string; businessId: string },
  now = new Date(),
): Promise<{ ok: true; codeVerifier: string | null } | { ok: false; problem: StateProblem }> {
  if (input.state.length === 0 || input.state.length > 200) return { ok: false, problem: "state_invalid" };
  const stateHash = sha256(input.state);
  const row = await db.oAuthState.findUnique({ where: { stateHash }, omit: { codeVerifierEnc: false } });
  if (!row) return { ok: false, problem: "state_invalid" };
  if (row.usedAt) return { ok: false, problem: "state_used" };
  if (row.expiresAt <= now) return { ok: false, problem: "state_expired" };
  if (row.userId !== input.userId || row.businessId !== input.businessId || row.provider !== input.provider)
    return { ok: false, problem: "state_mismatch" };
  const claimed = await db.oAuthState.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: now } });
  if (claimed.count !== 1) return { ok: false, problem: "state_used" };
  return {
    ok: true,
    codeVerifier: row.codeVerifierEnc ? decryptSecret(row.codeVerifierEnc, verifierAad(stateHash)) : null,
  };
}
