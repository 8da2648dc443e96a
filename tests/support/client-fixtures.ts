// A business's staff context and client inputs for the client-profile tests, and the sync columns they check.
import { randomUUID } from "node:crypto";
import { trustedBusinessScope, type BusinessScope } from "@/lib/auth/business-context";
import type { ClientsContext } from "@/lib/clients/client-context";
import { db } from "@/lib/db";
import { createTestBusiness } from "@/prisma/seed/factories";

/** A fresh business and the context its staff member acts in (what businessAction would hand a handler). */
export async function staffContext(): Promise<
  ClientsContext & BusinessScope & { business: Awaited<ReturnType<typeof createTestBusiness>> }
> {
  const business = await createTestBusiness(db);
  return {
    business,
    ...trustedBusinessScope(business.business.id),
    actor: { userId: business.staff.id, label: `${business.staff.name} <${business.staff.email}>` },
  };
}

export function newClientInput(overrides: Record<string, unknown> = {}) {
  return {
    firstName: "Ada",
    lastName: "Lovelace",
    email: `ada-${randomUUID().slice(0, 8)}@example.test`,
    city: "London",
    clientTypeId: "",
    groupIds: [],
    creationKey: randomUUID(),
    ...overrides,
  };
}

/** The client's sync version and whether it has something left to send (a ClientSyncPending row). */
export async function syncColumns(clientId: string) {
  const { syncVersion, pendingSync } = await db.client.findUniqueOrThrow({
    where: { id: clientId },
    select: { syncVersion: true, pendingSync: { select: { version: true } } },
  });
  return { syncVersion, syncPending: pendingSync !== null };
}

/** Whether the client has something left to send. */
export async function isPending(clientId: string): Promise<boolean> {
  return (await syncColumns(clientId)).syncPending;
}

/** How many clients of the business have something left to send. */
export function pendingCount(businessId: string): Promise<number> {
  return db.clientSyncPending.count({ where: { businessId } });
}

/** As if the client's current version had reached Constant Contact. */
export async function markSynced(clientId: string) {
  await db.clientSyncPending.deleteMany({ where: { clientId } });
}
