import { randomUUID } from "node:crypto";
import { db } from "../../lib/db";
import { chooseList, contactListsForBusiness } from "../../lib/constant-contact/choose-list";
import { completeConnect } from "../../lib/constant-contact/complete-connect";
import { ccConfig } from "../../lib/constant-contact/config";
import { startConnect } from "../../lib/constant-contact/start-connect";
import { contextFor, signInAtSandbox } from "../../lib/constant-contact/test-support";
import { createTestBusiness } from "../../prisma/seed/factories";

/** A business connected through the real OAuth flow to a fresh sandbox account with a "Newsletter" list. */
export async function connectForBench(control: (path: string, body?: unknown) => Promise<any>) {
  const made = await createTestBusiness(db, { name: "Bench Studio" });
  const ctx = contextFor(made.business, made.owner, "OWNER");
  const accountEmail = `bench-${randomUUID().slice(0, 8)}@cc.test`;
  await control("/seed", { account: { email: accountEmail, password: "sandbox-password" }, lists: [{ name: "Newsletter" }] });
  const config = ccConfig();
  const { authorizeUrl } = await startConnect(ctx, config);
  const connected = await completeConnect(ctx, await signInAtSandbox(authorizeUrl, { email: accountEmail }), { config });
  if (!connected.ok) throw new Error(`connect failed: ${JSON.stringify(connected)}`);
  const listId = (await contactListsForBusiness(ctx, { config })).find((l) => l.name === "Newsletter")!.listId;
  await chooseList(ctx, { listId }, { config });
  const connection = await db.constantContactConnection.findUniqueOrThrow({ where: { businessId: made.business.id } });
  let last = 0;
  return {
    businessId: made.business.id,
    connectionId: connection.id,
    listId,
    accountEmail,
    /** 4 requests a second, for the naive comparison. */
    async pace() {
      const wait = last + 250 - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      last = Date.now();
    },
  };
}
