import { describe, expect, it } from "vitest";
import { db } from "../db";
import { sha256 } from "../crypto";
import { consumeOAuthState, createOAuthState, OAUTH_STATE_TTL_MS } from "./oauth-state";
import { testBusiness } from "@/tests/support/test-business";

const CC = "CONSTANT_CONTACT" as const;

describe("OAuth state", () => {
  it("stores only the hash and an encrypted verifier, and can be used once by the same user and business", async () => {
    const { business, owner } = await testBusiness();
    const { state, codeVerifier } = await createOAuthState({ provider: CC, businessId: business.id, userId: owner.id });
    const row = await db.oAuthState.findUniqueOrThrow({
      where: { stateHash: sha256(state) },
      omit: { codeVerifierEnc: false },
    });
    expect(row.codeVerifierEnc).not.toContain(codeVerifier);
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeGreaterThan(OAUTH_STATE_TTL_MS - 5000);

    expect(await consumeOAuthState({ state, provider: CC, userId: owner.id, businessId: business.id })).toEqual({
      ok: true,
      codeVerifier,
    });
    // Replayed:
    expect(await consumeOAuthState({ state, provider: CC, userId: owner.id, businessId: business.id })).toEqual({
      ok: false,
      problem: "state_used",
    });
  });

  it("refuses an unknown, an expired, and another user's or business's state", async () => {
    const a = await testBusiness();
    const b = await testBusiness();
    expect(
      await consumeOAuthState({ state: "made-up", provider: CC, userId: a.owner.id, businessId: a.business.id }),
    ).toEqual({
      ok: false,
      problem: "state_invalid",
    });
    expect(await consumeOAuthState({ state: "", provider: CC, userId: a.owner.id, businessId: a.business.id })).toEqual(
      {
        ok: false,
        problem: "state_invalid",
      },
    );

    const expired = await createOAuthState({ provider: CC, businessId: a.business.id, userId: a.owner.id });
    const later = new Date(Date.now() + OAUTH_STATE_TTL_MS + 1000);
    expect(
      await consumeOAuthState(
        { state: expired.state, provider: CC, userId: a.owner.id, businessId: a.business.id },
        later,
      ),
    ).toEqual({ ok: false, problem: "state_expired" });

    const mine = await createOAuthState({ provider: CC, businessId: a.business.id, userId: a.owner.id });
    expect(
      await consumeOAuthState({ state: mine.state, provider: CC, userId: b.owner.id, businessId: a.business.id }),
    ).toEqual({
      ok: false,
      problem: "state_mismatch",
    });
    expect(
      await consumeOAuthState({ state: mine.state, provider: CC, userId: a.owner.id, businessId: b.business.id }),
    ).toEqual({
      ok: false,
      problem: "state_mismatch",
    });
    // Another provider's callback cannot use it either.
    expect(
      await consumeOAuthState({
        state: mine.state,
        provider: "MAILCHIMP",
        userId: a.owner.id,
        businessId: a.business.id,
      }),
    ).toEqual({ ok: false, problem: "state_mismatch" });
    // A mismatch does not use the state up for its rightful owner.
    expect(
      await consumeOAuthState({ state: mine.state, provider: CC, userId: a.owner.id, businessId: a.business.id }),
    ).toMatchObject({ ok: true });
  });

  it("keeps no verifier for a provider without PKCE", async () => {
    const { business, owner } = await testBusiness();
    const created = await createOAuthState(
      { provider: "MAILCHIMP", businessId: business.id, userId: owner.id },
      { pkce: false },
    );
    expect(created.codeVerifier).toBeNull();
    expect(
      await consumeOAuthState({
        state: created.state,
        provider: "MAILCHIMP",
        userId: owner.id,
        businessId: business.id,
      }),
    ).toEqual({ ok: true, codeVerifier: null });
  });

  it("lets exactly one of several racing callbacks use a state", async () => {
    const { business, owner } = await testBusiness();
    const { state } = await createOAuthState({ provider: CC, businessId: business.id, userId: owner.id });
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        consumeOAuthState({ state, provider: CC, userId: owner.id, businessId: business.id }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });
});
