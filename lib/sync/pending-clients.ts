import { db } from "../db";
import type { ClientSyncStatus, ConsentChangeSource } from "../generated/prisma/client";

/** What the push needs to know about a client (and what Constant Contact holds for it, by our books). */
export type SyncClient = {
  id: string;
  firstName: string;
  lastName: string;
  email: string | null;
  emailNormalized: string | null;
  city: string | null;
  newsOptIn: boolean;
  unsubscribeSource: ConsentChangeSource | null;
  updatedAt: Date;
  syncVersion: number;
  syncState: {
    status: ClientSyncStatus;
    syncedEmail: string | null;
    syncedListId: string | null;
    ccContactId: string | null;
  } | null;
};

type Row = Omit<SyncClient, "syncState"> & {
  status: ClientSyncStatus | null;
  syncedEmail: string | null;
  syncedListId: string | null;
  ccContactId: string | null;
};

const toSyncClient = ({ status, syncedEmail, syncedListId, ccContactId, ...client }: Row): SyncClient => ({
  ...client,
  syncState: status === null ? null : { status, syncedEmail, syncedListId, ccContactId },
});

/**
 * One keyset chunk of a business's clients waiting to be sent, in id order (index Client(businessId, syncPending)
 * then the primary key), with their sync state, in one statement: memory stays flat however many clients the
 * business has, and a chunk of thousands costs one round trip instead of a query per page and relation.
 */
export async function pendingClientsPage(
  businessId: string,
  afterId: string | null,
  take: number,
  /**
   * Import activities this run already sent: a client in flight in one of them with its current version is on its
   * way already (a family member read again in a later chunk), so it is not sent twice. A client in flight in an
   * activity of an earlier run (a crash before its bookkeeping) is sent again: imports upsert by email.
   */
  sentThisRun: readonly string[] = [],
): Promise<SyncClient[]> {
  const rows = await db.$queryRaw<Row[]>`
    SELECT c.id, c."firstName", c."lastName", c.email, c."emailNormalized", c.city, c."newsOptIn", c."unsubscribeSource",
           c."updatedAt", c."syncVersion", s.status, s."syncedEmail", s."syncedListId", s."ccContactId"
    FROM "Client" c LEFT JOIN "ClientSyncState" s ON s."clientId" = c.id
    WHERE c."businessId" = ${businessId}::uuid AND c."syncPending" AND c.id > ${afterId ?? "00000000-0000-0000-0000-000000000000"}::uuid
      AND NOT COALESCE(s."inFlightActivityId" = ANY(${[...sentThisRun]}::text[]) AND s."inFlightVersion" = c."syncVersion", false)
    ORDER BY c.id
    LIMIT ${take}`;
  return rows.map(toSyncClient);
}

/**
 * Every other client of the business using one of these emails (the family rule needs all of them, pending or
 * not); the clients in `except` are already at hand.
 */
export async function clientsByEmail(
  businessId: string,
  emails: string[],
  except: string[] = [],
): Promise<SyncClient[]> {
  if (emails.length === 0) return [];
  const rows = await db.$queryRaw<Row[]>`
    SELECT c.id, c."firstName", c."lastName", c.email, c."emailNormalized", c.city, c."newsOptIn", c."unsubscribeSource",
           c."updatedAt", c."syncVersion", s.status, s."syncedEmail", s."syncedListId", s."ccContactId"
    FROM "Client" c LEFT JOIN "ClientSyncState" s ON s."clientId" = c.id
    WHERE c."businessId" = ${businessId}::uuid AND c."emailNormalized" = ANY(${emails}::text[]) AND NOT (c.id = ANY(${except}::uuid[]))`;
  return rows.map(toSyncClient);
}
