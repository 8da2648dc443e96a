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

export async function syncColumns(clientId: string) {
  return db.client.findUniqueOrThrow({ where: { id: clientId }, select: { syncVersion: true, syncPending: true } });
}

export async function markSynced(clientId: string) {
  await db.client.update({ where: { id: clientId }, data: { syncPending: false } });
}
