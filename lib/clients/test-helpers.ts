import { randomUUID } from "node:crypto";
import { db } from "../db";
import { createTestBusiness } from "../../prisma/seed/factories";
import { trustedBusinessScope, type BusinessScope } from "../auth/business-context";
import type { ClientsContext } from "./client-context";

/** A fresh business and the context its staff member acts in (what businessAction would hand a handler). */
export async function staffContext(): Promise<ClientsContext & BusinessScope & { business: Awaited<ReturnType<typeof createTestBusiness>> }> {
  const business = await createTestBusiness(db);
  return { business, ...trustedBusinessScope(business.business.id), actor: { userId: business.staff.id, label: `${business.staff.name} <${business.staff.email}>` } };
}

export function newClientInput(overrides: Record<string, unknown> = {}) {
  return { firstName: "Ada", lastName: "Lovelace", email: `ada-${randomUUID().slice(0, 8)}@example.test`, city: "London", clientTypeId: "", groupIds: [], creationKey: randomUUID(), ...overrides };
}

export async function syncColumns(clientId: string) {
  return db.client.findUniqueOrThrow({ where: { id: clientId }, select: { syncVersion: true, syncPending: true } });
}

export async function markSynced(clientId: string) {
  await db.client.update({ where: { id: clientId }, data: { syncPending: false } });
}
