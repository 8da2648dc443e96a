// A batching day for the sync's tests: the day's planned budget already spent (its margin is not), so the push plan
// waits longer than the debounce and a change-driven push only sends. And the front desk's edit that queues a push.
import { db } from "@/lib/db";
import { updateClientProfile } from "@/lib/clients/update-client-profile";
import { dailyCaps } from "@/lib/integrations/constant-contact/budget-policy";
import type { connectedBusiness } from "./connected-business";

type Business = Awaited<ReturnType<typeof connectedBusiness>>;

/** The platform's ledger says the day's planned calls are spent (on this business's pushes, this hour). */
export async function spendPlannedBudget(businessId: string, now = new Date()): Promise<void> {
  await db.apiCallLedger.deleteMany({});
  await db.apiCallLedger.create({
    data: {
      hour: new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000),
      provider: "CONSTANT_CONTACT",
      kind: "PUSH",
      businessId,
      calls: dailyCaps(Number(process.env.CC_DAILY_CALL_BUDGET ?? 10_000)).planned,
    },
  });
}

/** The front desk moves a client to another city (queued for the push like any edit). */
export async function moveTo(
  b: Business,
  client: { id: string; firstName: string; lastName: string; email: string | null },
  city: string,
): Promise<void> {
  await updateClientProfile(
    { businessId: b.business.id, actor: b.ownerCtx.actor } as never,
    {
      clientId: client.id,
      firstName: client.firstName,
      lastName: client.lastName,
      email: client.email!,
      city,
      clientTypeId: null,
      groupIds: [],
    } as never,
  );
}
