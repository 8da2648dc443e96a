// Test helpers for the Mailchimp sandbox: a sandbox on a free port with a clock the test moves, the OAuth flow driven
// with plain fetch (GET authorize → parse the hidden field → POST login → read Location → POST token), and API and
// control calls. Product tests reach them through tests/support.
import type { CallLogEntry } from "../../call-counter";
import { testClock, type TestClock } from "../../testing/clock";
import { control } from "../../testing/control";
import type { controlMember, deliveryView } from "../control/inspect";
import { DEFAULT_MAILCHIMP_APP, type MailchimpSandboxOptions } from "../options";
import { startMailchimpSandbox, type RunningMailchimpSandbox } from "../server";

export { testClock, type TestClock } from "../../testing/clock";
export { control, readJson, type ControlResponse } from "../../testing/control";
export { startReceiver, type Receiver, type ReceivedRequest } from "../../testing/receiver";
export { subscriberHash } from "../ids";

export const MC_CLIENT_ID = DEFAULT_MAILCHIMP_APP.clientId;
export const MC_CLIENT_SECRET = DEFAULT_MAILCHIMP_APP.clientSecret;
export const MC_REDIRECT_URI = DEFAULT_MAILCHIMP_APP.redirectUris[0]!;
export const MC_PASSWORD = "sandbox-password";

export type TestMailchimpSandbox = RunningMailchimpSandbox & { clock: TestClock };

/**
 * A sandbox on a free port with a fake clock. No real-time waits by default (batch subscribe answers at once), so
 * tests that are not about timing stay fast; pass the options to model them.
 */
export async function startTestMailchimpSandbox(
  options: Partial<MailchimpSandboxOptions> = {},
): Promise<TestMailchimpSandbox> {
  const clock = testClock();
  const sandbox = await startMailchimpSandbox({ port: 0, clock: clock.now, batchSubscribeMsPerMember: 0, ...options });
  return { ...sandbox, clock };
}

export interface McAuthorizeInput {
  clientId?: string;
  redirectUri?: string;
  state?: string | null;
  responseType?: string;
}

export function mcAuthorizeUrl(base: string, input: McAuthorizeInput = {}): URL {
  const url = new URL("/oauth2/authorize", base);
  url.searchParams.set("response_type", input.responseType ?? "code");
  url.searchParams.set("client_id", input.clientId ?? MC_CLIENT_ID);
  url.searchParams.set("redirect_uri", input.redirectUri ?? MC_REDIRECT_URI);
  if (input.state !== null) url.searchParams.set("state", input.state ?? "state-123");
  return url;
}

export function pendingIdFrom(html: string): string {
  const match = /name="pending" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error(`no pending id in page: ${html.slice(0, 300)}`);
  return match[1];
}

/**
 * What a person does on Mailchimp's login page: opens the authorize URL the app built, logs in. Returns where the
 * sandbox redirected to (the app's callback with `code` and `state`).
 */
export async function signInAtMailchimp(
  authorizeUrl: string | URL,
  input: { email?: string; password?: string } = {},
): Promise<URL> {
  const page = await fetch(authorizeUrl, { redirect: "manual" });
  if (page.status !== 200) throw new Error(`authorize answered ${page.status}: ${await page.text()}`);
  const pending = pendingIdFrom(await page.text());
  const base = new URL(authorizeUrl).origin;
  const login = await fetch(`${base}/oauth2/login`, {
    method: "POST",
    body: new URLSearchParams({
      pending,
      email: input.email ?? "sunrise@mc.test",
      password: input.password ?? MC_PASSWORD,
    }),
    redirect: "manual",
  });
  const location = login.headers.get("location");
  if (login.status !== 302 || !location) throw new Error(`login did not redirect (${login.status})`);
  return new URL(location);
}

export function exchangeMailchimpCode(
  base: string,
  code: string,
  extra: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${base}/oauth2/token`, {
    method: "POST",
    body: new URLSearchParams({
      grant_type: "authorization_code",
      client_id: MC_CLIENT_ID,
      client_secret: MC_CLIENT_SECRET,
      redirect_uri: MC_REDIRECT_URI,
      code,
      ...extra,
    }),
  });
}

export interface McMetadata {
  dc: string;
  role: string;
  accountname: string;
  user_id: number;
  login: { email: string; avatar: string | null; login_id: number; login_name: string; login_email: string };
  login_url: string;
  api_endpoint: string;
}

export async function fetchMetadata(base: string, token: string): Promise<McMetadata | { error: string }> {
  const response = await fetch(`${base}/oauth2/metadata`, { headers: { authorization: `OAuth ${token}` } });
  return (await response.json()) as McMetadata | { error: string };
}

/** The whole flow: log in, exchange the code, read the metadata. */
export async function connectMailchimp(
  base: string,
  input: { email?: string; password?: string } = {},
): Promise<{ token: string; metadata: McMetadata }> {
  const redirect = await signInAtMailchimp(mcAuthorizeUrl(base), input);
  const code = redirect.searchParams.get("code");
  if (!code) throw new Error(`no code in ${redirect}`);
  const response = await exchangeMailchimpCode(base, code);
  if (response.status !== 200) throw new Error(`token exchange failed: ${response.status} ${await response.text()}`);
  const { access_token } = (await response.json()) as { access_token: string };
  const metadata = await fetchMetadata(base, access_token);
  if ("error" in metadata) throw new Error(`metadata: ${metadata.error}`);
  return { token: access_token, metadata };
}

/** A Marketing API call (`path` below /3.0) with the token as Bearer (or as Basic's password). */
export function mcApi(
  base: string,
  token: string,
  path: string,
  init: { method?: string; body?: unknown; rawBody?: string; auth?: "bearer" | "basic" } = {},
): Promise<Response> {
  const authorization =
    init.auth === "basic" ? `Basic ${Buffer.from(`anystring:${token}`).toString("base64")}` : `Bearer ${token}`;
  const headers: Record<string, string> = { authorization };
  let body: string | undefined;
  if (init.rawBody !== undefined) body = init.rawBody;
  else if (init.body !== undefined) body = JSON.stringify(init.body);
  if (body !== undefined) headers["content-type"] = "application/json";
  return fetch(`${base}/3.0${path}`, { method: init.method ?? "GET", headers, body });
}

/** The id of an account's audience, by name. */
export async function mcListId(base: string, accountEmail: string, name: string): Promise<string> {
  const { accounts } = await control<{ accounts: { email: string; lists: { id: string; name: string }[] }[] }>(
    base,
    "/accounts",
  );
  const list = accounts.find((a) => a.email === accountEmail)?.lists.find((l) => l.name === name);
  if (!list) throw new Error(`no audience ${name} in ${accountEmail}`);
  return list.id;
}

// What the control API answers, for callers of `control<T>()`.
export type ControlMemberJson = ReturnType<typeof controlMember>;
export interface ControlMembersJson {
  total: number;
  members: ControlMemberJson[];
}
export type ControlDeliveryJson = ReturnType<typeof deliveryView>;
export interface ControlDeliveriesJson {
  deliveries: ControlDeliveryJson[];
}
export interface McCallsJson {
  total: number;
  calls: Record<string, number>;
  log: (Omit<CallLogEntry, "at"> & { at: string })[];
}

/** A member of an account's audience as the control API shows it, or undefined. */
export async function controlMemberOf(
  base: string,
  accountEmail: string,
  email: string,
  list = "Newsletter",
): Promise<ControlMemberJson | undefined> {
  const body = await control<ControlMembersJson>(
    base,
    `/accounts/${encodeURIComponent(accountEmail)}/members?list=${encodeURIComponent(list)}&email=${encodeURIComponent(email)}`,
  );
  return body.members[0];
}
