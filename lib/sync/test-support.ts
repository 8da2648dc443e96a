// Shared by lib/sync's integration tests (not shipped code): a sandbox whose activities finish in milliseconds,
// the app's env pointed at it, and a business connected to its own fresh Constant Contact account and list.
import { randomUUID } from "node:crypto";
import { control } from "../../sandbox/testing/helpers";
import { db } from "../db";
import { chooseList, contactListsForBusiness } from "../constant-contact/choose-list";
import { completeConnect } from "../constant-contact/complete-connect";
import { startConnect } from "../constant-contact/start-connect";
import { fastPacer, signInAtSandbox, startCcSandbox, testBusiness } from "../constant-contact/test-support";
import type { SyncStep } from "../../inngest/step";

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

/** A business connected (real OAuth flow) to a Constant Contact account of its own, list "Newsletter" chosen. */
export async function connectedBusiness(env: SyncSandbox, extraLists: string[] = ["Other"]) {
  const made = await testBusiness();
  const accountEmail = `acct-${randomUUID().slice(0, 8)}@cc.test`;
  const seeded = await control(env.sandbox.url, "/seed", {
    account: { email: accountEmail, password: "sandbox-password", organizationName: `${made.business.name} Marketing` },
    lists: [{ name: "Newsletter" }, ...extraLists.map((name) => ({ name }))],
  });
  const { authorizeUrl } = await startConnect(made.ownerCtx, env.config);
  const params = await signInAtSandbox(authorizeUrl, { email: accountEmail });
  const connected = await completeConnect(made.ownerCtx, params, env.deps());
  if (!connected.ok) throw new Error(`connect failed: ${JSON.stringify(connected)}`);
  const lists = await contactListsForBusiness(made.ownerCtx, env.deps());
  const listId = lists.find((l) => l.name === "Newsletter")!.listId;
  await chooseList(made.ownerCtx, { listId }, env.deps());
  const connection = await db.constantContactConnection.findUniqueOrThrow({ where: { businessId: made.business.id } });
  return { ...made, accountEmail, listId, connectionId: connection.id, lists: seeded.lists as { list_id: string; name: string }[] };
}

/** What Constant Contact holds for an account, as the sandbox's control API reports it. */
export async function ccContacts(env: SyncSandbox, accountEmail: string, query = "") {
  const body = await control(env.sandbox.url, `/accounts/${encodeURIComponent(accountEmail)}/contacts?limit=1000${query}`);
  return body.contacts as { contact_id: string; email: string; first_name: string | null; last_name: string | null; city: string | null; permission_to_send: string; lists: string[]; deleted: boolean }[];
}

/** Steps run inline, sleeps shortened: the handler under test is the production one. */
export const inlineStep: SyncStep = {
  run: (_id, fn) => fn(),
  sleep: (_id, ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 30))),
};
