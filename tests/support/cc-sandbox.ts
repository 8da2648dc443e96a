// A Constant Contact sandbox for tests, on a random port, and the app's Constant Contact config pointed at it.
// Tests outside sandbox/ reach the sandbox's own test kit (sandbox/constant-contact/testing/helpers.ts) through here.
import type { CcConfig } from "@/lib/integrations/constant-contact/config";
import { RequestPacer } from "./request-pacer";
import { CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, startTestSandbox } from "@/sandbox/constant-contact/testing/helpers";

export { connect, control, listIdByName, type Tokens } from "@/sandbox/constant-contact/testing/helpers";

export type TestSandbox = Awaited<ReturnType<typeof startTestSandbox>>;

export async function startCcSandbox(
  options: Parameters<typeof startTestSandbox>[0] = {},
): Promise<{ sandbox: TestSandbox; config: CcConfig }> {
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

export async function tokenCalls(sandbox: TestSandbox): Promise<number> {
  const response = await fetch(`${sandbox.url}/__control/calls`);
  const body = (await response.json()) as { calls: Record<string, number> };
  return body.calls["POST /oauth2/default/v1/token"] ?? 0;
}
