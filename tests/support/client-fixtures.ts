// A business's staff context and client inputs for the client-profile tests, and the sync columns they check.
import { randomUUID } from "node:crypto";
import { trustedBusinessScope, type BusinessScope } from "@/lib/auth/business-context";
import type { ClientsContext } from "@/lib/clients/client-context";
import { db } from "@/lib/db";
import { createTestBusiness } from "@/prisma/seed/factories";

/**
 * A fresh business and the context its staff member acts in (what businessAction would hand a handler). The business
 * is connected to Constant Contact with a list chosen (a connection row only, no tokens: nothing is ever sent), so
 * its clients' changes are queued for that connection; `connection: false` leaves it unconnected.
 */
export async function staffContext(
  options: { connection?: boolean } = {},
): Promise<
  ClientsContext &
    BusinessScope & { business: Awaited<ReturnType<typeof createTestBusiness>>; connectionId: string | null }
> {
  const business = await createTestBusiness(db);
  const connection =
    options.connection === false
      ? null
      : await db.connection.create({
          data: {
            businessId: business.business.id,
            provider: "CONSTANT_CONTACT",
            status: "ACTIVE",
            accountId: randomUUID(),
            listId: randomUUID(),
            listName: "Newsletter",
          },
          select: { id: true },
        });
  return {
    business,
    connectionId: connection?.id ?? null,
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

/** The client's sync version and whether it has something left to send (a ClientSyncPending row of a connection). */
export async function syncColumns(clientId: string) {
  const { syncVersion, pendingSyncs } = await db.client.findUniqueOrThrow({
    where: { id: clientId },
    select: { syncVersion: true, pendingSyncs: { select: { version: true } } },
  });
  return { syncVersion, syncPending: pendingSyncs.length > 0 };
}

/** Whether the client has something left to send. */
export async function isPending(clientId: string): Promise<boolean> {
  return (await syncColumns(clientId)).syncPending;
}

/** How many clients of the business have something left to send. */
export function pendingCount(businessId: string): Promise<number> {
  return db.clientSyncPending.count({ where: { businessId } });
}

/** As if the client's current version had reached every connection's list. */
export async function markSynced(clientId: string) {
  await db.clientSyncPending.deleteMany({ where: { clientId } });
}
