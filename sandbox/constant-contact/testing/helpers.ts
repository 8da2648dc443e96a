// Test helpers: a sandbox on a random port with a clock the test moves, and the OAuth flow driven with plain fetch
// (GET authorize → parse the hidden field → POST login → POST consent → read Location), as a browser would.
import { createHash, randomBytes } from "node:crypto";
import type { CallCounter } from "../../call-counter";
import { testClock, type TestClock } from "../../testing/clock";
import { control } from "../../testing/control";
import type { controlContact } from "../control/inspect";
import { DEFAULT_CLIENT, type SandboxConfig, type SandboxOptions } from "../options";
import { startSandbox, type RunningSandbox } from "../server";
import type { activityView, contactView, listView } from "../v3/views";

export { testClock, type TestClock } from "../../testing/clock";
export { control, readJson, type ControlResponse } from "../../testing/control";

export const REDIRECT_URI = DEFAULT_CLIENT.redirectUris[0]!;
export const CLIENT_ID = DEFAULT_CLIENT.clientId;
export const CLIENT_SECRET = DEFAULT_CLIENT.clientSecret;

export async function startTestSandbox(
  options: Partial<SandboxOptions> = {},
): Promise<RunningSandbox & { clock: TestClock }> {
  const clock = testClock();
  // Generous limits by default so tests that are not about rate limiting never trip them on a frozen clock.
  const sandbox = await startSandbox({
    port: 0,
    clock: clock.now,
    requestsPerSecond: 10_000,
    tokenRequestsPerSecond: 10_000,
    ...options,
  });
  return { ...sandbox, clock };
}

export function basicAuth(clientId = CLIENT_ID, secret = CLIENT_SECRET): string {
  return `Basic ${Buffer.from(`${clientId}:${secret}`).toString("base64")}`;
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

export interface AuthorizeInput {
  scope?: string;
  state?: string;
  email?: string;
  password?: string;
  decision?: "allow" | "deny";
  codeChallenge?: string;
  clientId?: string;
  redirectUri?: string;
}

export function authorizeUrl(base: string, input: AuthorizeInput = {}): URL {
  const url = new URL("/oauth2/default/v1/authorize", base);
  url.searchParams.set("client_id", input.clientId ?? CLIENT_ID);
  url.searchParams.set("redirect_uri", input.redirectUri ?? REDIRECT_URI);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("scope", input.scope ?? "contact_data account_read offline_access");
  url.searchParams.set("state", input.state ?? "state-123");
  if (input.codeChallenge) {
    url.searchParams.set("code_challenge", input.codeChallenge);
    url.searchParams.set("code_challenge_method", "S256");
  }
  return url;
}

export function pendingIdFrom(html: string): string {
  const match = /name="pending" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error(`no pending id in page: ${html.slice(0, 300)}`);
  return match[1];
}

export function postForm(
  url: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, { method: "POST", body: new URLSearchParams(form), headers, redirect: "manual" });
}

/** Runs the browser part of the flow and returns where the server redirected to. */
export async function authorizeRedirect(base: string, input: AuthorizeInput = {}): Promise<URL> {
  const page = await fetch(authorizeUrl(base, input), { redirect: "manual" });
  const pending = pendingIdFrom(await page.text());
  await postForm(`${base}/oauth2/default/v1/login`, {
    pending,
    email: input.email ?? "sunrise@cc.test",
    password: input.password ?? "sandbox-password",
  });
  const consent = await postForm(`${base}/oauth2/default/v1/consent`, { pending, decision: input.decision ?? "allow" });
  return new URL(consent.headers.get("location") ?? "about:blank");
}

export async function exchangeCode(
  base: string,
  code: string,
  extra: Record<string, string> = {},
  auth = basicAuth(),
): Promise<Response> {
  return postForm(
    `${base}/oauth2/default/v1/token`,
    { grant_type: "authorization_code", code, redirect_uri: REDIRECT_URI, ...extra },
    { authorization: auth },
  );
}

export async function refreshTokens(base: string, refreshToken: string): Promise<Response> {
  return postForm(
    `${base}/oauth2/default/v1/token`,
    { grant_type: "refresh_token", refresh_token: refreshToken },
    { authorization: basicAuth() },
  );
}

export interface Tokens {
  access_token: string;
  refresh_token?: string;
  expires_in: number;
  scope: string;
  token_type: string;
}

/** The whole flow with PKCE: a ready access token for the account. */
export async function connect(base: string, input: AuthorizeInput = {}): Promise<Tokens> {
  const { verifier, challenge } = pkcePair();
  const redirect = await authorizeRedirect(base, { codeChallenge: challenge, ...input });
  const code = redirect.searchParams.get("code");
  if (!code) throw new Error(`no code in ${redirect}`);
  const response = await exchangeCode(base, code, { code_verifier: verifier });
  if (response.status !== 200) throw new Error(`token exchange failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as Tokens;
}

/** A V3 call with a bearer token; JSON bodies get the content type CC insists on. */
export function api(
  base: string,
  token: string,
  path: string,
  init: { method?: string; body?: unknown; rawBody?: string } = {},
): Promise<Response> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  let body: string | undefined;
  if (init.rawBody !== undefined) body = init.rawBody;
  else if (init.body !== undefined) body = JSON.stringify(init.body);
  if (body !== undefined) headers["content-type"] = "application/json";
  return fetch(`${base}${path}`, { method: init.method ?? "GET", headers, body });
}

// What the V3 API answers, typed by the views that render it. Absent values are left out (see `compact`), so every
// field of a view is optional.
export type ContactJson = ReturnType<typeof contactView>;
export type ListJson = ReturnType<typeof listView>;
export type ActivityJson = ReturnType<typeof activityView>;
export interface NextLink {
  _links?: { next?: { href: string } };
}
export interface ContactsPageJson extends NextLink {
  contacts: ContactJson[];
  contacts_count?: number;
}
export interface ListsPageJson extends NextLink {
  lists: ListJson[];
  lists_count?: number;
}

// What the control API answers (sandbox/control/), for callers of `control<T>()`.
export type ControlContactJson = ReturnType<typeof controlContact>;
export interface ControlContactsJson {
  total: number;
  contacts: ControlContactJson[];
}
export interface ControlListsJson {
  lists: { list_id: string; name: string; membership_count: number; active_count: number }[];
}
export interface ControlActivitiesJson {
  activities: {
    activity_id: string;
    type: string;
    created_at: string;
    items_total_count: number;
    request_bytes: number | null;
  }[];
}
export interface ControlAccountsJson {
  accounts: {
    email: string;
    accountId: string;
    encodedAccountId: string;
    organizationName: string;
    listCount: number;
    contactCount: number;
  }[];
}
export interface SeedJson {
  accountEmail: string;
  accountId: string;
  encodedAccountId: string;
  lists: { list_id: string; name: string }[];
  contacts: { created: number; skipped: number; unsubscribed: number };
}
export type CallsJson = ReturnType<CallCounter["snapshot"]>;
export type ConfigJson = SandboxConfig;
export interface ClockJson {
  now: string;
  offsetMs: number;
}
export async function listIdByName(base: string, accountEmail: string, name: string): Promise<string> {
  const { lists } = await control<ControlListsJson>(base, `/accounts/${encodeURIComponent(accountEmail)}/lists`);
  const list = lists.find((l) => l.name === name);
  if (!list) throw new Error(`no list ${name}`);
  return list.list_id;
}
