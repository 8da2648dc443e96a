import { db } from "../db";

/** What the push needs to know about a client. */
export const SYNC_CLIENT_SELECT = {
  id: true,
  firstName: true,
  lastName: true,
  email: true,
  emailNormalized: true,
  city: true,
  newsOptIn: true,
  unsubscribeSource: true,
  updatedAt: true,
  syncVersion: true,
  syncState: { select: { status: true, syncedEmail: true, syncedListId: true, ccContactId: true } },
} as const;

export type SyncClient = Awaited<ReturnType<typeof pendingClientsPage>>[number];

/**
 * One keyset page of a business's clients waiting to be sent, in id order (index Client(businessId, syncPending)
 * then the primary key): memory stays flat however many clients the business has.
 */
export async function pendingClientsPage(businessId: string, afterId: string | null, take: number) {
  return db.client.findMany({
    where: { businessId, syncPending: true, ...(afterId ? { id: { gt: afterId } } : {}) },
    orderBy: { id: "asc" },
    take,
    select: SYNC_CLIENT_SELECT,
  });
}

/** Every client of the business using one of these emails: the family rule needs all of them, pending or not. */
export async function clientsByEmail(businessId: string, emails: string[]) {
  if (emails.length === 0) return [];
  return db.client.findMany({ where: { businessId, emailNormalized: { in: emails } }, select: SYNC_CLIENT_SELECT });
}
