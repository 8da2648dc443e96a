// Mailchimp's OAuth 2 web-server flow (login.mailchimp.com/oauth2/...):
//   GET /authorize   checks client_id and the exact redirect_uri, shows the login page
//   POST /login      logs in and redirects back with a single-use code valid 5 minutes (and `state`, if sent)
//   POST /token      form body with client_id and client_secret; answers {access_token, expires_in: 0, scope: null}.
//                    Tokens never expire and there is no refresh; re-authorizing the same app on the same account
//                    gives the same token (account-level tokens since 2022)
//   GET /metadata    `Authorization: OAuth <token>` → dc, role, accountname, user_id, login{...}, login_url and
//                    api_endpoint (this sandbox's origin, without /3.0). A bad token is HTTP 200 {"error":"invalid_token"}.
import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { HttpError, html, json, readBody, redirect, type Reply, type RequestContext } from "../../http";
import { findApp, type McSandbox } from "../context";
import type { AccessToken } from "../model";
import { errorPage, loginPage } from "../pages/oauth-pages";
import type { AccountStore } from "../state";

export const CODE_TTL_MS = 5 * 60 * 1000;
const PENDING_TTL_MS = 10 * 60 * 1000;
const FORM_LIMIT_BYTES = 64 * 1024;

export function oauthError(status: number, error: string, description?: string): HttpError {
  return new HttpError(status, description ? { error, error_description: description } : { error });
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const body = await readBody(req, FORM_LIMIT_BYTES);
  if (body.totalBytes > FORM_LIMIT_BYTES) throw oauthError(413, "invalid_request", "Request body too large.");
  const type = (req.headers["content-type"] ?? "").toLowerCase();
  if (!type.startsWith("application/x-www-form-urlencoded"))
    throw oauthError(400, "invalid_request", "The request must be application/x-www-form-urlencoded.");
  return new URLSearchParams(body.buffer.toString("utf8"));
}

export function authorize(sandbox: McSandbox, ctx: RequestContext): Reply {
  const q = ctx.url.searchParams;
  const app = findApp(sandbox, q.get("client_id") ?? "");
  // Never redirect to a URI we cannot vouch for: these two errors are shown, not sent back.
  if (!app) return html(400, errorPage("Invalid client", "The client_id is missing or not registered."));
  const redirectUri = q.get("redirect_uri") ?? "";
  if (!app.redirectUris.includes(redirectUri))
    return html(
      400,
      errorPage("Invalid redirect_uri", "The redirect_uri does not match the app's registered Redirect URI."),
    );
  const state = q.get("state");
  if (q.get("response_type") !== "code")
    return redirect(withQuery(redirectUri, { error: "unsupported_response_type", state }));
  const pendingId = randomBytes(24).toString("base64url");
  sandbox.state.pendingLogins.set(pendingId, {
    pendingId,
    clientId: app.clientId,
    redirectUri,
    state,
    createdAt: sandbox.now(),
  });
  sandbox.state.touch();
  return html(200, loginPage({ pendingId, appName: app.appName }));
}

export async function login(sandbox: McSandbox, ctx: RequestContext): Promise<Reply> {
  const form = await readForm(ctx.req);
  const pending = sandbox.state.pendingLogins.get(form.get("pending") ?? "");
  if (!pending || pending.createdAt + PENDING_TTL_MS < sandbox.now())
    return html(
      400,
      errorPage("Session expired", "This login page has expired. Go back to the app and connect again."),
    );
  const app = findApp(sandbox, pending.clientId);
  const email = (form.get("email") ?? "").trim();
  const store = sandbox.state.storeByEmail(email);
  if (!app || !store || store.account.password !== (form.get("password") ?? ""))
    return html(
      200,
      loginPage({
        pendingId: pending.pendingId,
        appName: app?.appName ?? "The app",
        email,
        error: "Sorry, that username and password combination isn't right.",
      }),
    );
  sandbox.state.pendingLogins.delete(pending.pendingId);
  const code = randomBytes(16).toString("hex");
  sandbox.state.codes.set(code, {
    code,
    clientId: pending.clientId,
    redirectUri: pending.redirectUri,
    userId: store.account.userId,
    expiresAt: sandbox.now() + CODE_TTL_MS,
    usedAt: null,
  });
  sandbox.state.touch();
  return redirect(withQuery(pending.redirectUri, { code, state: pending.state }));
}

function withQuery(base: string, params: Record<string, string | null>): string {
  const url = new URL(base);
  for (const [key, value] of Object.entries(params)) if (value !== null) url.searchParams.set(key, value);
  return url.toString();
}

export async function token(sandbox: McSandbox, ctx: RequestContext): Promise<Reply> {
  const form = await readForm(ctx.req);
  const app = findApp(sandbox, form.get("client_id") ?? "");
  if (!app || app.clientSecret !== form.get("client_secret")) throw oauthError(401, "invalid_client");
  if (form.get("grant_type") !== "authorization_code") throw oauthError(400, "unsupported_grant_type");
  const code = sandbox.state.codes.get(form.get("code") ?? "");
  const now = sandbox.now();
  if (
    !code ||
    code.usedAt !== null ||
    code.expiresAt <= now ||
    code.clientId !== app.clientId ||
    code.redirectUri !== form.get("redirect_uri")
  )
    throw oauthError(400, "invalid_grant");
  code.usedAt = now;
  const issued = tokenFor(sandbox, app.clientId, code.userId);
  sandbox.state.touch();
  return json(200, { access_token: issued.token, expires_in: 0, scope: null });
}

/** The account's token for this app: the same one every time until the user removes the app. */
function tokenFor(sandbox: McSandbox, clientId: string, userId: number): AccessToken {
  for (const existing of sandbox.state.tokens.values())
    if (existing.clientId === clientId && existing.userId === userId && existing.revokedAt === null) return existing;
  const issued: AccessToken = {
    token: randomBytes(16).toString("hex"),
    clientId,
    userId,
    createdAt: sandbox.now(),
    revokedAt: null,
  };
  sandbox.state.tokens.set(issued.token, issued);
  return issued;
}

/** The account a live token belongs to. */
export function accountOfToken(sandbox: McSandbox, value: string): AccountStore | undefined {
  const record = sandbox.state.tokens.get(value);
  if (!record || record.revokedAt !== null) return undefined;
  return sandbox.state.store(record.userId);
}

export function metadata(sandbox: McSandbox, ctx: RequestContext): Reply {
  const match = /^OAuth\s+(\S+)$/i.exec(ctx.req.headers.authorization ?? "");
  const store = match?.[1] ? accountOfToken(sandbox, match[1]) : undefined;
  if (!store) return json(200, { error: "invalid_token" });
  const { account } = store;
  return json(200, {
    dc: account.dc,
    role: "owner",
    accountname: account.accountName,
    user_id: account.userId,
    login: {
      email: account.email,
      avatar: null,
      login_id: account.loginId,
      login_name: account.email,
      login_email: account.email,
    },
    login_url: sandbox.origin,
    api_endpoint: sandbox.origin,
  });
}

/** The user removes the app in Mailchimp: its tokens stop working (401 API Key Invalid). */
export function revokeTokens(sandbox: McSandbox, userId: number, clientId?: string): number {
  let revoked = 0;
  for (const record of sandbox.state.tokens.values())
    if (record.userId === userId && (!clientId || record.clientId === clientId) && record.revokedAt === null) {
      record.revokedAt = sandbox.now();
      revoked++;
    }
  if (revoked) sandbox.state.touch();
  return revoked;
}
