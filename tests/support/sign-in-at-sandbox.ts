// The browser's part of the OAuth flow at the Constant Contact sandbox, driven with plain fetch.
import { pendingIdFrom, postForm } from "@/sandbox/constant-contact/testing/helpers";

/** What a person does on CC's pages: log in, then Allow or Deny. Returns the query CC redirects back with. */
export async function signInAtSandbox(
  authorizeUrl: string,
  input: { email?: string; password?: string; decision?: "allow" | "deny" } = {},
): Promise<URLSearchParams> {
  const page = await fetch(authorizeUrl, { redirect: "manual" });
  const pending = pendingIdFrom(await page.text());
  const base = new URL(authorizeUrl).origin;
  await postForm(`${base}/oauth2/default/v1/login`, {
    pending,
    email: input.email ?? "sunrise@cc.test",
    password: input.password ?? "sandbox-password",
  });
  const consent = await postForm(`${base}/oauth2/default/v1/consent`, { pending, decision: input.decision ?? "allow" });
  const location = consent.headers.get("location");
  if (!location) throw new Error(`consent did not redirect (${consent.status})`);
  return new URL(location).searchParams;
}
