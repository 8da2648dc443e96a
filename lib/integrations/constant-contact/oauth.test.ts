import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CcConfig } from "./config";
import { CcOAuthError } from "./errors";
import {
  buildAuthorizationUrl,
  exchangeAuthorizationCode,
  generateCodeVerifier,
  refreshAccessToken,
  revokeToken,
} from "./oauth";
import { startCcSandbox, tokenCalls, type TestSandbox } from "@/tests/support/cc-sandbox";
import { signInAtSandbox } from "@/tests/support/sign-in-at-sandbox";

let sandbox: TestSandbox;
let config: CcConfig;
beforeAll(async () => {
  ({ sandbox, config } = await startCcSandbox());
});
afterAll(() => sandbox.close());

async function authorize(decision: "allow" | "deny" = "allow") {
  const state = `state-${Math.random()}`;
  const codeVerifier = generateCodeVerifier();
  const url = await buildAuthorizationUrl({ state, codeVerifier }, config);
  const params = await signInAtSandbox(url.toString(), { decision });
  return { state, codeVerifier, params, url };
}

describe("the OAuth client against the sandbox", () => {
  it("asks for the four scopes with state and an S256 challenge, and exchanges the code for rotating tokens", async () => {
    const { state, codeVerifier, params, url } = await authorize();
    expect(url.searchParams.get("scope")).toBe("contact_data offline_access account_read campaign_data");
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("code_challenge")).not.toBe(codeVerifier);
    expect(params.get("state")).toBe(state);
    const tokens = await exchangeAuthorizationCode(
      { callbackParams: params, expectedState: state, codeVerifier },
      config,
    );
    expect(tokens.accessToken).toBeTruthy();
    expect(tokens.refreshToken).toBeTruthy();
    expect(tokens.scope?.split(" ").sort()).toEqual([
      "account_read",
      "campaign_data",
      "contact_data",
      "offline_access",
    ]);
    expect(tokens.expiresAt.getTime() - Date.now()).toBeGreaterThan(23 * 3600 * 1000);

    const refreshed = await refreshAccessToken(tokens.refreshToken!, config);
    expect(refreshed.refreshToken).not.toBe(tokens.refreshToken);
    // Rotation: the old refresh token is dead.
    await expect(refreshAccessToken(tokens.refreshToken!, config)).rejects.toMatchObject({
      error: "invalid_grant",
      isInvalidGrant: true,
    });
  });

  it("fails the exchange with invalid_grant when the PKCE verifier does not match", async () => {
    const { state, params } = await authorize();
    const error = await exchangeAuthorizationCode(
      { callbackParams: params, expectedState: state, codeVerifier: generateCodeVerifier() },
      config,
    ).catch((e) => e);
    expect(error).toBeInstanceOf(CcOAuthError);
    expect(error.error).toBe("invalid_grant");
  });

  it("refuses an expired code (codes live 5 minutes) and a code used twice", async () => {
    const { state, codeVerifier, params } = await authorize();
    sandbox.clock.advance(5 * 60 * 1000 + 1000);
    await expect(
      exchangeAuthorizationCode({ callbackParams: params, expectedState: state, codeVerifier }, config),
    ).rejects.toMatchObject({ error: "invalid_grant" });

    const second = await authorize();
    await exchangeAuthorizationCode(
      { callbackParams: second.params, expectedState: second.state, codeVerifier: second.codeVerifier },
      config,
    );
    await expect(
      exchangeAuthorizationCode(
        { callbackParams: second.params, expectedState: second.state, codeVerifier: second.codeVerifier },
        config,
      ),
    ).rejects.toMatchObject({ error: "invalid_grant" });
  });

  it("reports Deny as access_denied and a state that does not match as an error, without calling the token endpoint", async () => {
    const denied = await authorize("deny");
    expect(denied.params.get("error")).toBe("access_denied");
    const before = await tokenCalls(sandbox);
    await expect(
      exchangeAuthorizationCode(
        { callbackParams: denied.params, expectedState: denied.state, codeVerifier: denied.codeVerifier },
        config,
      ),
    ).rejects.toMatchObject({
      error: "access_denied",
    });
    const ok = await authorize();
    await expect(
      exchangeAuthorizationCode(
        { callbackParams: ok.params, expectedState: "another-state", codeVerifier: ok.codeVerifier },
        config,
      ),
    ).rejects.toBeInstanceOf(CcOAuthError);
    expect(await tokenCalls(sandbox)).toBe(before);
    // The counter does count: the same code with the right state reaches the token endpoint once.
    await exchangeAuthorizationCode(
      { callbackParams: ok.params, expectedState: ok.state, codeVerifier: ok.codeVerifier },
      config,
    );
    expect(await tokenCalls(sandbox)).toBe(before + 1);
  });

  it("revokes: after revoking the refresh token the grant is gone", async () => {
    const { state, codeVerifier, params } = await authorize();
    const tokens = await exchangeAuthorizationCode(
      { callbackParams: params, expectedState: state, codeVerifier },
      config,
    );
    expect(await revokeToken(tokens.refreshToken!, config, "refresh_token")).toBe(true);
    await expect(refreshAccessToken(tokens.refreshToken!, config)).rejects.toMatchObject({ error: "invalid_grant" });
  });

  it("never puts a token into an error message", async () => {
    const error = (await refreshAccessToken("not-a-real-refresh-token-abc", config).catch((e) => e)) as Error;
    expect(error.message).not.toContain("not-a-real-refresh-token-abc");
  });
});
