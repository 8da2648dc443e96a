import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  connectMailchimp,
  control,
  exchangeMailchimpCode,
  fetchMetadata,
  mcApi,
  mcAuthorizeUrl,
  pendingIdFrom,
  signInAtMailchimp,
  startTestMailchimpSandbox,
  type TestMailchimpSandbox,
} from "../testing/helpers";

let sb: TestMailchimpSandbox;
beforeAll(async () => {
  sb = await startTestMailchimpSandbox();
});
afterAll(() => sb.close());

async function code(input: { email?: string; state?: string | null } = {}): Promise<URL> {
  return signInAtMailchimp(mcAuthorizeUrl(sb.url, { state: input.state }), { email: input.email });
}

describe("authorize and log in", () => {
  it("shows a login page with Email, Password and Log in, then redirects with a code and the state echoed", async () => {
    const page = await fetch(mcAuthorizeUrl(sb.url));
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('<label for="email">Email</label>');
    expect(html).toContain('<label for="password">Password</label>');
    expect(html).toContain(">Log in</button>");
    const back = await code({ state: "xyz" });
    expect(`${back.origin}${back.pathname}`).toBe("http://localhost:3000/api/integrations/mailchimp/callback");
    expect(back.searchParams.get("state")).toBe("xyz");
    expect(back.searchParams.get("code")).toMatch(/^[0-9a-f]{32}$/);
    const noState = await code({ state: null });
    expect(noState.searchParams.has("state")).toBe(false);
  });

  it("never redirects for an unknown client or a redirect_uri that is not an exact match", async () => {
    for (const input of [
      { clientId: "nope" },
      { redirectUri: "http://localhost:3000/api/integrations/mailchimp/callback/" },
      { redirectUri: "http://localhost:3000/api/integrations/mailchimp/callback?x=1" },
    ]) {
      const page = await fetch(mcAuthorizeUrl(sb.url, input), { redirect: "manual" });
      expect(page.status).toBe(400);
      expect(page.headers.get("location")).toBeNull();
    }
    const wrongType = await fetch(mcAuthorizeUrl(sb.url, { responseType: "token" }), { redirect: "manual" });
    expect(new URL(wrongType.headers.get("location")!).searchParams.get("error")).toBe("unsupported_response_type");
  });

  it("shows the login page again after a wrong password", async () => {
    const page = await fetch(mcAuthorizeUrl(sb.url));
    const pending = pendingIdFrom(await page.text());
    const wrong = await fetch(`${sb.url}/oauth2/login`, {
      method: "POST",
      body: new URLSearchParams({ pending, email: "sunrise@mc.test", password: "nope" }),
      redirect: "manual",
    });
    expect(wrong.status).toBe(200);
    expect(await wrong.text()).toContain("isn&#39;t right");
  });
});

describe("token", () => {
  it("exchanges a code once for {access_token, expires_in: 0, scope: null}, client credentials in the body", async () => {
    const first = (await code()).searchParams.get("code")!;
    const response = await exchangeMailchimpCode(sb.url, first);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toEqual({ access_token: expect.stringMatching(/^[0-9a-f]{32}$/), expires_in: 0, scope: null });
    const again = await exchangeMailchimpCode(sb.url, first);
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({ error: "invalid_grant" });
  });

  it("refuses a wrong secret, a wrong redirect_uri, an unknown or expired code, and other grants", async () => {
    const c = (await code()).searchParams.get("code")!;
    expect((await exchangeMailchimpCode(sb.url, c, { client_secret: "nope" })).status).toBe(401);
    const wrongRedirect = await exchangeMailchimpCode(sb.url, c, { redirect_uri: "http://localhost:3000/other" });
    expect(await wrongRedirect.json()).toEqual({ error: "invalid_grant" });
    expect(await (await exchangeMailchimpCode(sb.url, "0".repeat(32))).json()).toEqual({ error: "invalid_grant" });
    const late = (await code()).searchParams.get("code")!;
    sb.clock.advance(5 * 60 * 1000);
    expect(await (await exchangeMailchimpCode(sb.url, late)).json()).toEqual({ error: "invalid_grant" });
    const refresh = await exchangeMailchimpCode(sb.url, c, { grant_type: "refresh_token" });
    expect(await refresh.json()).toEqual({ error: "unsupported_grant_type" });
  });

  it("gives the same token when the same app is authorized again on the same account, another on another", async () => {
    const first = await connectMailchimp(sb.url);
    const second = await connectMailchimp(sb.url);
    const maple = await connectMailchimp(sb.url, { email: "maple@mc.test" });
    expect(second.token).toBe(first.token);
    expect(maple.token).not.toBe(first.token);
    // Tokens never expire.
    sb.clock.advance(400 * 24 * 60 * 60 * 1000);
    expect((await mcApi(sb.url, first.token, "/ping")).status).toBe(200);
  });
});

describe("metadata", () => {
  it("answers with dc, accountname, login and the sandbox's own origin as api_endpoint (no /3.0)", async () => {
    const { token, metadata } = await connectMailchimp(sb.url);
    expect(metadata).toEqual({
      dc: "us21",
      role: "owner",
      accountname: "Sunrise Yoga",
      user_id: expect.any(Number),
      login: {
        email: "sunrise@mc.test",
        avatar: null,
        login_id: expect.any(Number),
        login_name: "sunrise@mc.test",
        login_email: "sunrise@mc.test",
      },
      login_url: sb.url,
      api_endpoint: sb.url,
    });
    expect((await mcApi(metadata.api_endpoint, token, "/ping")).status).toBe(200);
  });

  it("answers HTTP 200 {error: invalid_token} for a bad token, and wants the OAuth scheme", async () => {
    const bad = await fetch(`${sb.url}/oauth2/metadata`, { headers: { authorization: "OAuth nope" } });
    expect(bad.status).toBe(200);
    expect(await bad.json()).toEqual({ error: "invalid_token" });
    const { token } = await connectMailchimp(sb.url);
    const bearer = await fetch(`${sb.url}/oauth2/metadata`, { headers: { authorization: `Bearer ${token}` } });
    expect(await bearer.json()).toEqual({ error: "invalid_token" });
  });
});

describe("revoked tokens", () => {
  it("answers 401 API Key Invalid once the owner removed the app; connecting again gives a new token", async () => {
    const { token } = await connectMailchimp(sb.url, { email: "maple@mc.test" });
    expect(await control(sb.url, "/revoke-token", { accountEmail: "maple@mc.test" })).toEqual({ revoked: 1 });
    const refused = await mcApi(sb.url, token, "/lists");
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ title: "API Key Invalid", status: 401 });
    expect(await fetchMetadata(sb.url, token)).toEqual({ error: "invalid_token" });
    const again = await connectMailchimp(sb.url, { email: "maple@mc.test" });
    expect(again.token).not.toBe(token);
    expect((await mcApi(sb.url, again.token, "/lists")).status).toBe(200);
  });
});
