import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  api,
  authorizeRedirect,
  authorizeUrl,
  basicAuth,
  connect,
  control,
  exchangeCode,
  pendingIdFrom,
  pkcePair,
  postForm,
  refreshTokens,
  startTestSandbox,
  type Tokens,
} from "../testing/helpers";

let sb: Awaited<ReturnType<typeof startTestSandbox>>;
beforeAll(async () => {
  sb = await startTestSandbox();
});
afterAll(() => sb.close());

describe("GET /authorize", () => {
  it("shows an error page, never a redirect, for an unknown client_id or an unregistered redirect_uri", async () => {
    for (const input of [
      { clientId: "someone-else" },
      { redirectUri: "https://evil.example/callback" },
      { redirectUri: "http://localhost:3000/api/integrations/constant-contact/callback/" },
    ]) {
      const response = await fetch(authorizeUrl(sb.url, input), { redirect: "manual" });
      expect(response.status).toBe(400);
      expect(response.headers.get("location")).toBeNull();
      expect(await response.text()).toContain("<h1>Invalid request</h1>");
    }
  });

  it("redirects other errors back with error, error_description and state", async () => {
    const cases: [Record<string, string>, string][] = [
      [{ response_type: "token" }, "unsupported_response_type"],
      [{ scope: "contact_data made_up" }, "invalid_scope"],
      [{ scope: "" }, "invalid_scope"],
      [{ code_challenge: "x".repeat(43), code_challenge_method: "plain" }, "invalid_request"],
      [{ code_challenge: "short", code_challenge_method: "S256" }, "invalid_request"],
    ];
    for (const [params, error] of cases) {
      const url = authorizeUrl(sb.url);
      for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
      const response = await fetch(url, { redirect: "manual" });
      expect(response.status).toBe(302);
      const location = new URL(response.headers.get("location")!);
      expect(location.origin + location.pathname).toBe(
        "http://localhost:3000/api/integrations/constant-contact/callback",
      );
      expect(location.searchParams.get("error")).toBe(error);
      expect(location.searchParams.get("error_description")).toBeTruthy();
      expect(location.searchParams.get("state")).toBe("state-123");
    }
  });

  it("requires a state", async () => {
    const url = authorizeUrl(sb.url);
    url.searchParams.delete("state");
    const response = await fetch(url, { redirect: "manual" });
    expect(new URL(response.headers.get("location")!).searchParams.get("error")).toBe("invalid_request");
  });

  it("shows a login page, then again with an error on a wrong password, then a consent page naming app and scopes", async () => {
    const page = await fetch(authorizeUrl(sb.url));
    const html = await page.text();
    expect(html).toContain('type="password"');
    expect(html).toContain(">Log In</button>");
    const pending = pendingIdFrom(html);
    const wrong = await postForm(`${sb.url}/oauth2/default/v1/login`, {
      pending,
      email: "sunrise@cc.test",
      password: "nope",
    });
    const wrongHtml = await wrong.text();
    expect(wrongHtml).toContain("username or password is incorrect");
    expect(pendingIdFrom(wrongHtml)).toBe(pending);
    const ok = await postForm(`${sb.url}/oauth2/default/v1/login`, {
      pending,
      email: "SUNRISE@cc.test",
      password: "sandbox-password",
    });
    const consent = await ok.text();
    expect(consent).toContain("Studio Manager");
    expect(consent).toContain("Sunrise Yoga Marketing");
    expect(consent).toContain("contact_data");
    expect(consent).toContain(">Allow</button>");
    expect(consent).toContain(">Deny</button>");
  });

  it("answers Deny with access_denied and the state", async () => {
    const location = await authorizeRedirect(sb.url, { decision: "deny", state: "deny-state" });
    expect(location.searchParams.get("error")).toBe("access_denied");
    expect(location.searchParams.get("state")).toBe("deny-state");
    expect(location.searchParams.get("code")).toBeNull();
  });

  it("refuses a consent for an unknown pending authorization", async () => {
    const response = await postForm(`${sb.url}/oauth2/default/v1/consent`, { pending: "made-up", decision: "allow" });
    expect(response.status).toBe(400);
    expect(response.headers.get("location")).toBeNull();
  });
});

describe("POST /token", () => {
  it("exchanges a code for a JWT-shaped access token and a refresh token", async () => {
    const tokens = await connect(sb.url);
    expect(tokens.token_type).toBe("Bearer");
    expect(tokens.expires_in).toBe(86_400);
    expect(tokens.access_token.split(".")).toHaveLength(3);
    expect(tokens.scope.split(" ").sort()).toEqual(["account_read", "contact_data", "offline_access"]);
    expect(tokens.refresh_token).toBeTruthy();
    const claims = JSON.parse(Buffer.from(tokens.access_token.split(".")[1]!, "base64url").toString());
    expect(claims.exp - claims.iat).toBe(86_400);
    expect((await api(sb.url, tokens.access_token, "/v3/contact_lists")).status).toBe(200);
  });

  it("needs HTTP Basic client authentication", async () => {
    const redirect = await authorizeRedirect(sb.url);
    const code = redirect.searchParams.get("code")!;
    const none = await postForm(`${sb.url}/oauth2/default/v1/token`, {
      grant_type: "authorization_code",
      code,
      redirect_uri: "http://localhost:3000/api/integrations/constant-contact/callback",
    });
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ error: "invalid_client" });
    const wrong = await exchangeCode(sb.url, code, {}, basicAuth("sandbox-client-id", "wrong"));
    expect(wrong.status).toBe(401);
    // The failed attempts did not use up the code.
    expect((await exchangeCode(sb.url, code)).status).toBe(200);
  });

  it("accepts a code once only, and a reuse also revokes what it issued", async () => {
    const code = (await authorizeRedirect(sb.url)).searchParams.get("code")!;
    const first = await exchangeCode(sb.url, code);
    const tokens = (await first.json()) as Tokens;
    const second = await exchangeCode(sb.url, code);
    expect(second.status).toBe(400);
    expect(await second.json()).toMatchObject({ error: "invalid_grant" });
    expect((await api(sb.url, tokens.access_token, "/v3/contact_lists")).status).toBe(401);
  });

  it("expires codes after 5 minutes", async () => {
    const code = (await authorizeRedirect(sb.url)).searchParams.get("code")!;
    sb.clock.advance(5 * 60 * 1000 + 1);
    const response = await exchangeCode(sb.url, code);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: "invalid_grant" });
  });

  it("binds the code to the redirect_uri and the PKCE verifier", async () => {
    const { verifier, challenge } = pkcePair();
    const code = (await authorizeRedirect(sb.url, { codeChallenge: challenge })).searchParams.get("code")!;
    const otherRedirect = await exchangeCode(sb.url, code, {
      code_verifier: verifier,
      redirect_uri: "http://localhost:3001/cb",
    });
    expect(await otherRedirect.json()).toMatchObject({ error: "invalid_grant" });
    const wrongVerifier = await exchangeCode(sb.url, code, { code_verifier: pkcePair().verifier });
    expect(wrongVerifier.status).toBe(400);
    expect(await wrongVerifier.json()).toMatchObject({
      error: "invalid_grant",
      error_description: "PKCE verification failed.",
    });
    const noVerifier = await exchangeCode(sb.url, code);
    expect(await noVerifier.json()).toMatchObject({ error: "invalid_grant" });
    expect((await exchangeCode(sb.url, code, { code_verifier: verifier })).status).toBe(200);
  });

  it("gives a refresh token only with offline_access", async () => {
    const tokens = await connect(sb.url, { scope: "contact_data" });
    expect(tokens.refresh_token).toBeUndefined();
    expect(tokens.scope).toBe("contact_data");
  });

  it("rotates refresh tokens: each use returns a new one and an earlier one answers invalid_grant", async () => {
    const first = await connect(sb.url);
    const second = (await (await refreshTokens(sb.url, first.refresh_token!)).json()) as Tokens;
    expect(second.refresh_token).toBeTruthy();
    expect(second.refresh_token).not.toBe(first.refresh_token);
    const reuse = await refreshTokens(sb.url, first.refresh_token!);
    expect(reuse.status).toBe(400);
    expect(await reuse.json()).toEqual({ error: "invalid_grant", error_description: expect.any(String) });
    const third = await refreshTokens(sb.url, second.refresh_token!);
    expect(third.status).toBe(200);
  });

  it("expires access tokens after accessTokenTtlSeconds", async () => {
    await control(sb.url, "/config", { accessTokenTtlSeconds: 60 });
    try {
      const tokens = await connect(sb.url);
      expect(tokens.expires_in).toBe(60);
      expect((await api(sb.url, tokens.access_token, "/v3/contact_lists")).status).toBe(200);
      sb.clock.advance(60_001);
      const expired = await api(sb.url, tokens.access_token, "/v3/contact_lists");
      expect(expired.status).toBe(401);
      expect(await expired.json()).toEqual([{ error_key: "unauthorized", error_message: "Unauthorized" }]);
      const refreshed = (await (await refreshTokens(sb.url, tokens.refresh_token!)).json()) as Tokens;
      expect((await api(sb.url, refreshed.access_token, "/v3/contact_lists")).status).toBe(200);
    } finally {
      await control(sb.url, "/config", { accessTokenTtlSeconds: 86_400 });
    }
  });

  it("limits token requests per client id per second", async () => {
    await control(sb.url, "/config", { tokenRequestsPerSecond: 1 });
    try {
      sb.clock.advance(2000);
      const tokens = await connect(sb.url); // one token request
      const throttled = await refreshTokens(sb.url, tokens.refresh_token!);
      expect(throttled.status).toBe(429);
      expect(await throttled.json()).toMatchObject({ error: expect.any(String) });
      sb.clock.advance(1000);
      expect((await refreshTokens(sb.url, tokens.refresh_token!)).status).toBe(200);
    } finally {
      await control(sb.url, "/config", { tokenRequestsPerSecond: 10_000 });
    }
  });

  it("rejects unknown grant types and missing parameters in OAuth form", async () => {
    const unknown = await postForm(
      `${sb.url}/oauth2/default/v1/token`,
      { grant_type: "password" },
      { authorization: basicAuth() },
    );
    expect(await unknown.json()).toMatchObject({ error: "unsupported_grant_type" });
    const missing = await postForm(
      `${sb.url}/oauth2/default/v1/token`,
      { grant_type: "refresh_token" },
      { authorization: basicAuth() },
    );
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ error: "invalid_request" });
  });
});

describe("revocation", () => {
  it("POST /revoke of a refresh token kills the grant and its access tokens", async () => {
    const tokens = await connect(sb.url);
    const revoke = await postForm(
      `${sb.url}/oauth2/default/v1/revoke`,
      { token: tokens.refresh_token!, token_type_hint: "refresh_token" },
      { authorization: basicAuth() },
    );
    expect(revoke.status).toBe(200);
    expect((await api(sb.url, tokens.access_token, "/v3/contact_lists")).status).toBe(401);
    expect(await (await refreshTokens(sb.url, tokens.refresh_token!)).json()).toMatchObject({ error: "invalid_grant" });
    // RFC 7009: an unknown token is still a 200.
    const unknown = await postForm(
      `${sb.url}/oauth2/default/v1/revoke`,
      { token: "nonsense" },
      { authorization: basicAuth() },
    );
    expect(unknown.status).toBe(200);
  });

  it("POST /revoke needs client authentication", async () => {
    const response = await postForm(`${sb.url}/oauth2/default/v1/revoke`, { token: "x" });
    expect(response.status).toBe(401);
  });

  it("a grant revoked from CC's side answers invalid_grant on refresh and 401 on the API", async () => {
    const tokens = await connect(sb.url, { email: "maple@cc.test" });
    const other = await connect(sb.url, { email: "sunrise@cc.test" });
    expect(await control(sb.url, "/revoke-grant", { accountEmail: "maple@cc.test" })).toMatchObject({
      revoked: expect.any(Number),
    });
    expect((await api(sb.url, tokens.access_token, "/v3/contacts")).status).toBe(401);
    expect(await (await refreshTokens(sb.url, tokens.refresh_token!)).json()).toMatchObject({ error: "invalid_grant" });
    // Another account's connection is untouched.
    expect((await api(sb.url, other.access_token, "/v3/contacts")).status).toBe(200);
  });
});
