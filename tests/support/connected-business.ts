// A business connected, through the real OAuth flow, to a Constant Contact account of its own.
import { randomUUID } from "node:crypto";
import { chooseList, contactListsForBusiness } from "@/lib/integrations/constant-contact/connection";
import { completeConnect } from "@/lib/integrations/constant-contact/connection";
import { startConnect } from "@/lib/integrations/constant-contact/connection";
import { db } from "@/lib/db";
import { control } from "./cc-sandbox";
import { signInAtSandbox } from "./sign-in-at-sandbox";
import type { SandboxTarget } from "./sync-sandbox";
import { testBusiness } from "./test-business";

/** A fresh sandbox account with list "Newsletter" (chosen) and `extraLists`, connected by the business's owner. */
export async function connectedBusiness(env: SandboxTarget, extraLists: string[] = ["Other"]) {
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
  const connection = await db.connection.findUniqueOrThrow({
    where: { businessId_provider: { businessId: made.business.id, provider: "CONSTANT_CONTACT" } },
  });
  return {
    ...made,
    accountEmail,
    listId,
    connectionId: connection.id,
    lists: seeded.lists as { list_id: string; name: string }[],
  };
}

/** The owner connects the same Constant Contact account again (after a dead grant): a new sync generation. */
export async function reconnect(
  env: SandboxTarget,
  b: { ownerCtx: Parameters<typeof startConnect>[0]; accountEmail: string },
) {
  const { authorizeUrl } = await startConnect(b.ownerCtx, env.config);
  const params = await signInAtSandbox(authorizeUrl, { email: b.accountEmail });
  const connected = await completeConnect(b.ownerCtx, params, env.deps());
  if (!connected.ok) throw new Error(`reconnect failed: ${JSON.stringify(connected)}`);
  return connected;
}
