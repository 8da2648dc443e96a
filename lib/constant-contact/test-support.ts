// Shared by this folder's integration tests (not shipped code): a sandbox on a random port, a business context
// without next-auth, and the browser's part of the OAuth flow driven with plain fetch.
import { trustedBusinessScope, type BusinessContext, type Role } from "../auth/business-context";
import { db } from "../db";
import { createTestBusiness } from "../../prisma/seed/factories";
import { CLIENT_ID, CLIENT_SECRET, pendingIdFrom, postForm, REDIRECT_URI, startTestSandbox } from "../../sandbox/testing/helpers";
import type { CcConfig } from "./config";
import { openToken } from "./connection-token-store";
import { RequestPacer } from "./rate-limiter";

export type TestSandbox = Awaited<ReturnType<typeof startTestSandbox>>;

export async function startCcSandbox(options: Parameters<typeof startTestSandbox>[0] = {}): Promise<{ sandbox: TestSandbox; config: CcConfig }> {
  const sandbox = await startTestSandbox(options);
  const config: CcConfig = {
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    authBaseUrl: `${sandbox.url}/oauth2/default/v1`,
    apiBaseUrl: `${sandbox.url}/v3`,
    redirectUri: REDIRECT_URI,
  };
  return { sandbox, config };
}

/** Tests do not need pacing against a sandbox with generous limits. */
export const fastPacer = () => new RequestPacer(10_000);

export function contextFor(
  business: { id: string; name: string; slug: string; countryCode: string },
  user: { id: string; email: string; name: string },
  role: Role,
): BusinessContext {
  return {
    user: { id: user.id, email: user.email, name: user.name, isSupport: false },
    ...trustedBusinessScope(business.id),
    businessName: business.name,
    businessSlug: business.slug,
    countryCode: business.countryCode,
    role,
    actor: { userId: user.id, label: `${user.name} <${user.email}>` },
  };
}

export async function testBusiness(countryCode = "US") {
  const made = await createTestBusiness(db, { countryCode });
  return { ...made, ownerCtx: contextFor(made.business, made.owner, "OWNER"), staffCtx: contextFor(made.business, made.staff, "STAFF") };
}

/** What a person does on CC's pages: log in, then Allow or Deny. Returns the query CC redirects back with. */
export async function signInAtSandbox(
  authorizeUrl: string,
  input: { email?: string; password?: string; decision?: "allow" | "deny" } = {},
): Promise<URLSearchParams> {
  const page = await fetch(authorizeUrl, { redirect: "manual" });
  const pending = pendingIdFrom(await page.text());
  const base = new URL(authorizeUrl).origin;
  await postForm(`${base}/oauth2/default/v1/login`, { pending, email: input.email ?? "sunrise@cc.test", password: input.password ?? "sandbox-password" });
  const consent = await postForm(`${base}/oauth2/default/v1/consent`, { pending, decision: input.decision ?? "allow" });
  const location = consent.headers.get("location");
  if (!location) throw new Error(`consent did not redirect (${consent.status})`);
  return new URL(location).searchParams;
}

/** The tokens a connection holds right now (decrypted), to look for leaks and to drive the sandbox. */
export async function storedTokens(connectionId: string): Promise<{ accessToken: string | null; refreshToken: string | null }> {
  const row = await db.constantContactConnection.findUniqueOrThrow({ where: { id: connectionId }, omit: { accessTokenEnc: false, refreshTokenEnc: false } });
  return {
    accessToken: row.accessTokenEnc ? openToken(row.accessTokenEnc, row.id) : null,
    refreshToken: row.refreshTokenEnc ? openToken(row.refreshTokenEnc, row.id) : null,
  };
}

export async function tokenCalls(sandbox: TestSandbox): Promise<number> {
  const response = await fetch(`${sandbox.url}/__control/calls`);
  const body = (await response.json()) as { calls: Record<string, number> };
  return body.calls["POST /oauth2/default/v1/token"] ?? 0;
}
