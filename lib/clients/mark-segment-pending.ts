// The queue for the segment fields (client type, groups): every change that alters what a synced
// contact's segment values must be marks the affected clients pending in the same transaction, set-based (one
// statement however many clients). Only what the owner chose to send is re-sent; an unchosen field only needs a
// pass where something of ours is still in a provider account to clear.
import type { Tx } from "../db";

export type SegmentChoice = { clientType: boolean; groups: boolean };

/** What the business sends besides name, email and city to any of its connections (nothing without one). */
export async function readSegmentChoice(tx: Tx, businessId: string): Promise<SegmentChoice> {
  const connections = await tx.connection.findMany({
    where: { businessId, status: { not: "DISCONNECTED" } },
    select: { sendClientType: true, sendGroups: true },
  });
  return {
    clientType: connections.some((c) => c.sendClientType),
    groups: connections.some((c) => c.sendGroups),
  };
}

/** Clients of one type (before a rename or delete of the type). Returns how many were marked. */
export function markTypeClientsPending(tx: Tx, businessId: string, clientTypeId: string): Promise<number> {
  return tx.$executeRaw`
    UPDATE "Client" SET "syncVersion" = "syncVersion" + 1
    WHERE "businessId" = ${businessId}::uuid AND "clientTypeId" = ${clientTypeId}::uuid`;
}

/** Members of one group (before a rename or delete of the group). Returns how many were marked. */
export function markGroupMembersPending(tx: Tx, businessId: string, groupId: string): Promise<number> {
  return tx.$executeRaw`
    UPDATE "Client" c SET "syncVersion" = c."syncVersion" + 1
    FROM "ClientGroupMember" m
    WHERE m."groupId" = ${groupId}::uuid AND c.id = m."clientId" AND c."businessId" = ${businessId}::uuid`;
}

/**
 * A segment field of a connection turned on (every opted-in client: a full pass) or off, or lost in the provider
 * account (every client something of ours was sent for there). Returns how many were marked.
 */
export function markSegmentFieldPending(
  tx: Tx,
  { connectionId, businessId }: { connectionId: string; businessId: string },
  field: keyof SegmentChoice,
  scope: "opted-in" | "sent",
): Promise<number> {
  if (scope === "opted-in") {
    return tx.$executeRaw`
      UPDATE "Client" SET "syncVersion" = "syncVersion" + 1
      WHERE "businessId" = ${businessId}::uuid AND "newsOptIn"`;
  }
  return field === "clientType"
    ? tx.$executeRaw`
      UPDATE "Client" c SET "syncVersion" = c."syncVersion" + 1
      FROM "ClientSyncState" s
      WHERE s."connectionId" = ${connectionId}::uuid AND s."syncedClientType" IS NOT NULL AND c.id = s."clientId"
        AND c."businessId" = ${businessId}::uuid`
    : tx.$executeRaw`
      UPDATE "Client" c SET "syncVersion" = c."syncVersion" + 1
      FROM "ClientSyncState" s
      WHERE s."connectionId" = ${connectionId}::uuid AND s."syncedGroups" IS NOT NULL AND c.id = s."clientId"
        AND c."businessId" = ${businessId}::uuid`;
}

/**
 * Opted-in clients with a value for a field that never reached the provider (the field could not be created there),
 * left out of the queue since: they go out again now that the field can exist. Clients already queued are left alone
 * (the run sends them anyway). Returns how many were marked.
 */
export function markUnsentSegmentValuesPending(
  tx: Tx,
  { connectionId, businessId }: { connectionId: string; businessId: string },
  field: keyof SegmentChoice,
): Promise<number> {
  return field === "clientType"
    ? tx.$executeRaw`
      UPDATE "Client" c SET "syncVersion" = c."syncVersion" + 1
      FROM "ClientSyncState" s
      WHERE s."connectionId" = ${connectionId}::uuid AND s."clientId" = c.id AND s."syncedClientType" IS NULL
        AND c."businessId" = ${businessId}::uuid AND c."newsOptIn" AND c."clientTypeId" IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM "ClientSyncPending" p
          WHERE p."connectionId" = ${connectionId}::uuid AND p."clientId" = c.id)`
    : tx.$executeRaw`
      UPDATE "Client" c SET "syncVersion" = c."syncVersion" + 1
      FROM "ClientSyncState" s
      WHERE s."connectionId" = ${connectionId}::uuid AND s."clientId" = c.id AND s."syncedGroups" IS NULL
        AND c."businessId" = ${businessId}::uuid AND c."newsOptIn"
        AND EXISTS (SELECT 1 FROM "ClientGroupMember" m WHERE m."clientId" = c.id)
        AND NOT EXISTS (SELECT 1 FROM "ClientSyncPending" p
          WHERE p."connectionId" = ${connectionId}::uuid AND p."clientId" = c.id)`;
}
