// A sandbox whose import activities finish in milliseconds, with the app's env pointed at it, for tests that run
// the sync end to end; and what Constant Contact then holds.
import type { CcConfig } from "@/lib/integrations/constant-contact/config";
import type { RequestPacer } from "./request-pacer";
import { control, fastPacer, startCcSandbox } from "./cc-sandbox";

export async function startSyncSandbox() {
  const { sandbox, config } = await startCcSandbox({ clock: Date.now, importDelayMs: 40 });
  // The code under test reads its Constant Contact settings from env (once per process).
  process.env.CC_CLIENT_ID = config.clientId;
  process.env.CC_CLIENT_SECRET = config.clientSecret;
  process.env.CC_AUTH_BASE_URL = config.authBaseUrl;
  process.env.CC_API_BASE_URL = config.apiBaseUrl;
  process.env.CC_REDIRECT_URI = config.redirectUri;
  process.env.CC_REQUESTS_PER_SECOND = "100";
  return { sandbox, config, deps: () => ({ config, pacer: fastPacer() }) };
}

export type SyncSandbox = Awaited<ReturnType<typeof startSyncSandbox>>;

/** A running sandbox and the Constant Contact settings to reach it with: a test's SyncSandbox, or the benchmark's. */
export type SandboxTarget = {
  sandbox: { url: string };
  config: CcConfig;
  deps: () => { config: CcConfig; pacer?: RequestPacer };
};

/** What Constant Contact holds for an account, as the sandbox's control API reports it. */
export async function ccContacts(env: SandboxTarget, accountEmail: string, query = "") {
  const body = await control(
    env.sandbox.url,
    `/accounts/${encodeURIComponent(accountEmail)}/contacts?limit=1000${query}`,
  );
  return body.contacts as {
    contact_id: string;
    email: string;
    first_name: string | null;
    last_name: string | null;
    city: string | null;
    permission_to_send: string;
    lists: string[];
    deleted: boolean;
    /** Custom field values by field name. */
    custom_fields: Record<string, string>;
    tags: string[];
  }[];
}

/** The bulk imports Constant Contact accepted for an account: when, and for how long each one ran. */
export function importActivities(env: SyncSandbox, accountEmail: string) {
  const accountId = env.sandbox.state.storeByEmail(accountEmail)?.account.accountId;
  return [...env.sandbox.state.activities.values()]
    .filter((a) => a.accountId === accountId && a.kind === "contacts_json_import")
    .map((a) => ({ createdAt: a.createdAt, completesAt: a.createdAt + a.delayMs }))
    .sort((a, b) => a.createdAt - b.createdAt);
}
