// GET /authorize → login page → consent page → redirect with a code. The flow between the pages lives in a
// server-side pending-authorization record (an opaque id in a hidden field), not in cookies.
import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Sandbox } from "../context";
import { findClient } from "../context";
import { html, redirect, type Reply, type RequestContext } from "../../http";
import { consentPage, loginPage, oauthErrorPage } from "../pages/oauth-pages";
import { readForm } from "./form-body";
import { errorRedirectUrl } from "./oauth-errors";
import { parseScopes, unknownScopes } from "./scopes";

const PENDING_TTL_MS = 10 * 60 * 1000;
export const CODE_TTL_MS = 5 * 60 * 1000;

const AuthorizeQuery = z.object({
  client_id: z.string().min(1).optional(),
  redirect_uri: z.string().min(1).optional(),
  response_type: z.string().optional(),
  scope: z.string().optional(),
  state: z.string().min(1).optional(),
  code_challenge: z.string().optional(),
  code_challenge_method: z.string().optional(),
});

export function authorize(sandbox: Sandbox, ctx: RequestContext): Reply {
  const query = AuthorizeQuery.parse(Object.fromEntries(ctx.url.searchParams));
  const client = query.client_id ? findClient(sandbox, query.client_id) : undefined;
  // Never redirect to a URI we cannot vouch for: these two errors are shown, not sent back.
  if (!client) return html(400, oauthErrorPage("Invalid request", "The client_id is missing or not registered."));
  if (!query.redirect_uri || !client.redirectUris.includes(query.redirect_uri)) {
    return html(
      400,
      oauthErrorPage(
        "Invalid request",
        "The 'redirect_uri' parameter must be a Login redirect URI in the client app settings.",
      ),
    );
  }
  const back = (error: string, description: string) =>
    redirect(errorRedirectUrl(query.redirect_uri!, error, description, query.state ?? null));
  if (query.response_type !== "code")
    return back(
      "unsupported_response_type",
      "The response type is not supported by the authorization server. Configured response types: [code].",
    );
  if (!query.state) return back("invalid_request", "The authorization request must include a state parameter.");
  const scopes = parseScopes(query.scope ?? "");
  if (scopes.length === 0) return back("invalid_scope", "The authorization request must include at least one scope.");
  const unknown = unknownScopes(scopes);
  if (unknown.length > 0)
    return back(
      "invalid_scope",
      `One or more scopes are not configured for the authorization server resource: ${unknown.join(" ")}`,
    );
  // PKCE is optional (confidential clients), but when used it must be S256 with a well-formed challenge.
  if (query.code_challenge !== undefined || query.code_challenge_method !== undefined) {
    if (query.code_challenge_method !== "S256")
      return back("invalid_request", "PKCE code_challenge_method must be S256.");
    if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(query.code_challenge ?? ""))
      return back("invalid_request", "PKCE code challenge is invalid.");
  }
  const pendingId = randomBytes(24).toString("base64url");
  sandbox.state.pendingAuthorizations.set(pendingId, {
    pendingId,
    clientId: client.clientId,
    redirectUri: query.redirect_uri,
    scopes,
    state: query.state,
    codeChallenge: query.code_challenge ?? null,
    accountId: null,
    createdAt: sandbox.now(),
  });
  sandbox.state.touch();
  return html(200, loginPage({ pendingId, appName: client.appName }));
}

function pendingFrom(sandbox: Sandbox, form: URLSearchParams) {
  const pending = sandbox.state.pendingAuthorizations.get(form.get("pending") ?? "");
  if (!pending || pending.createdAt + PENDING_TTL_MS < sandbox.now()) return null;
  return pending;
}

const expired = () =>
  html(
    400,
    oauthErrorPage(
      "Sign-in expired",
      "This sign-in request is unknown or has expired. Go back to the app and connect again.",
    ),
  );

export async function login(sandbox: Sandbox, ctx: RequestContext): Promise<Reply> {
  const form = await readForm(ctx.req);
  const pending = pendingFrom(sandbox, form);
  if (!pending) return expired();
  const appName = findClient(sandbox, pending.clientId)?.appName ?? pending.clientId;
  const email = form.get("email") ?? "";
  const store = sandbox.state.storeByEmail(email);
  if (!store || store.account.password !== (form.get("password") ?? "")) {
    return html(
      200,
      loginPage({ pendingId: pending.pendingId, appName, email, error: "Your username or password is incorrect." }),
    );
  }
  pending.accountId = store.account.accountId;
  sandbox.state.touch();
  const { organizationName } = store.account;
  return html(
    200,
    consentPage({
      pendingId: pending.pendingId,
      appName,
      organizationName,
      email: store.account.email,
      scopes: pending.scopes,
    }),
  );
}

export async function consent(sandbox: Sandbox, ctx: RequestContext): Promise<Reply> {
  const form = await readForm(ctx.req);
  const pending = pendingFrom(sandbox, form);
  if (!pending || !pending.accountId) return expired();
  sandbox.state.pendingAuthorizations.delete(pending.pendingId);
  sandbox.state.touch();
  if (form.get("decision") !== "allow") {
    return redirect(
      errorRedirectUrl(
        pending.redirectUri,
        "access_denied",
        "The resource owner or authorization server denied the request.",
        pending.state,
      ),
    );
  }
  const code = randomBytes(24).toString("base64url");
  sandbox.state.codes.set(code, {
    code,
    clientId: pending.clientId,
    redirectUri: pending.redirectUri,
    scopes: pending.scopes,
    accountId: pending.accountId,
    codeChallenge: pending.codeChallenge,
    expiresAt: sandbox.now() + CODE_TTL_MS,
    usedAt: null,
    grantId: null,
  });
  const url = new URL(pending.redirectUri);
  url.searchParams.set("code", code);
  url.searchParams.set("state", pending.state);
  return redirect(url.toString());
}
