// Per-client sync bookkeeping, written in bulk (one statement per batch, over unnest() arrays).
//
// The rule that keeps edits safe: a client's ClientSyncPending row is deleted only while it still holds the version
// that was sent (compare-and-delete). A client edited while its batch was in flight has a newer version in that row
// (the edit's trigger updated it, and the row lock orders the edit and the delete), stays pending, and goes out in
// the next run. The bookkeeping never updates "Client" itself, so none of its indexes is rewritten.
import { bulkQuery, db, releaseQueryArguments } from "../db";
import { Prisma, type ClientSyncStatus } from "../generated/prisma/client";
import type { JsonArrayBytes } from "./json-array-bytes";
import type { SettledOutcome } from "./plan-push";

/** A batch touches up to 40,000 rows: give its transaction time (Prisma's default is 5 s). */
const BULK_TRANSACTION = { timeout: 120_000, maxWait: 10_000 };

export type InFlightEntry = {
  clientId: string;
  version: number;
  email: string;
  /** Segment values in the row: null = not carried, "" = cleared (see segment-values.ts). */
  clientType?: string | null;
  groups?: string | null;
  segmentNote?: string | null;
};

/**
 * One client of an import, as markInFlight records it: a positional JSON tuple (the order is the contract with the
 * statement below). A batch collects its clients' tuples as bytes while it fills (see JsonArrayBytes) rather than
 * keeping objects per client.
 */
export function inFlightTuple(e: InFlightEntry): string {
  return JSON.stringify([
    e.clientId,
    e.version,
    e.email,
    e.clientType ?? null,
    e.groups ?? null,
    e.segmentNote ?? null,
  ]);
}

/** The clients of an accepted import are in flight (a JSON array of `inFlightTuple`s): one statement for them all. */
export async function markInFlight(businessId: string, activityId: string, tuples: JsonArrayBytes): Promise<void> {
  if (tuples.length === 0) return;
  // One parameter (up to 4 MB), sent as the bytes it is (json's binary form is its text), rather than six arrays.
  const json = tuples.bytes;
  await bulkQuery(Prisma.sql`
    INSERT INTO "ClientSyncState" ("clientId", "businessId", "status", "inFlightActivityId", "inFlightVersion", "inFlightEmail",
      "inFlightClientType", "inFlightGroups", "segmentNote", "updatedAt")
    SELECT (t->>0)::uuid, ${businessId}::uuid, 'PENDING', ${activityId}, (t->>1)::int, t->>2, t->>3, t->>4, t->>5, now()
    FROM json_array_elements(${json}::json) AS t
    ON CONFLICT ("clientId") DO UPDATE SET
      "status" = 'PENDING', "inFlightActivityId" = EXCLUDED."inFlightActivityId", "inFlightVersion" = EXCLUDED."inFlightVersion",
      "inFlightEmail" = EXCLUDED."inFlightEmail", "inFlightClientType" = EXCLUDED."inFlightClientType",
      "inFlightGroups" = EXCLUDED."inFlightGroups", "segmentNote" = EXCLUDED."segmentNote", "updatedAt" = now()`);
}

/** The import completed: every client in it is in the list, as of the version that was sent. */
export async function recordImported(
  businessId: string,
  activityId: string,
  listId: string,
): Promise<{ added: number; updated: number }> {
  const now = new Date();
  return db.$transaction(async (tx) => {
    // Added: the address was not in this list by our books (new client, new email or new list); else updated.
    const [counts] = await tx.$queryRaw<{ added: number; total: number }[]>`
      SELECT count(*) FILTER (WHERE "syncedEmail" IS DISTINCT FROM "inFlightEmail" OR "syncedListId" IS DISTINCT FROM ${listId})::int AS added,
             count(*)::int AS total
      FROM "ClientSyncState" WHERE "inFlightActivityId" = ${activityId} AND "businessId" = ${businessId}::uuid`;
    await tx.$executeRaw`
      DELETE FROM "ClientSyncPending" p
      USING "ClientSyncState" s
      WHERE s."inFlightActivityId" = ${activityId} AND s."businessId" = ${businessId}::uuid
        AND p."clientId" = s."clientId" AND p."version" = s."inFlightVersion"`;
    await tx.$executeRaw`
      UPDATE "ClientSyncState" SET
        "status" = 'SYNCED', "syncedVersion" = "inFlightVersion", "syncedEmail" = "inFlightEmail", "syncedListId" = ${listId},
        -- the contact id we knew belonged to the old address
        "ccContactId" = CASE WHEN "syncedEmail" IS DISTINCT FROM "inFlightEmail" THEN NULL ELSE "ccContactId" END,
        "lastSentAt" = ${now}, "lastError" = NULL, "failedAttempts" = 0,
        -- segment values: null in flight left the field as it was, "" cleared it
        "syncedClientType" = CASE WHEN "inFlightClientType" IS NULL THEN "syncedClientType" ELSE NULLIF("inFlightClientType", '') END,
        "syncedGroups" = CASE WHEN "inFlightGroups" IS NULL THEN "syncedGroups" ELSE NULLIF("inFlightGroups", '') END,
        "inFlightActivityId" = NULL, "inFlightVersion" = NULL, "inFlightEmail" = NULL,
        "inFlightClientType" = NULL, "inFlightGroups" = NULL, "updatedAt" = now()
      WHERE "inFlightActivityId" = ${activityId} AND "businessId" = ${businessId}::uuid`;
    return { added: counts?.added ?? 0, updated: (counts?.total ?? 0) - (counts?.added ?? 0) };
  }, BULK_TRANSACTION);
}

/** The import failed as a whole (transient): the clients stay pending and are sent again later. */
export async function recordImportFailed(businessId: string, activityId: string, error: string): Promise<number> {
  return db.$executeRaw`
    UPDATE "ClientSyncState" SET "status" = 'FAILED', "lastError" = ${error.slice(0, 500)}, "failedAttempts" = "failedAttempts" + 1,
      "inFlightActivityId" = NULL, "inFlightVersion" = NULL, "inFlightEmail" = NULL,
      "inFlightClientType" = NULL, "inFlightGroups" = NULL, "updatedAt" = now()
    WHERE "inFlightActivityId" = ${activityId} AND "businessId" = ${businessId}::uuid`;
}

/** Outcomes decided without an import (removed, not opted in, no email, unsendable): final for that version. */
export async function settleOutcomes(businessId: string, outcomes: SettledOutcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  const ids = outcomes.map((o) => o.id);
  const versions = outcomes.map((o) => o.version);
  const statuses = outcomes.map((o) => o.status as ClientSyncStatus);
  const errors = outcomes.map((o) => o.error ?? null);
  const clears = outcomes.map((o) => Boolean(o.clearSyncedEmail));
  const failed = outcomes.map((o) => o.status === "FAILED");
  await db.$transaction([
    db.$executeRaw`
      INSERT INTO "ClientSyncState" ("clientId", "businessId", "status", "lastError", "failedAttempts", "syncedVersion", "updatedAt")
      SELECT t.id, ${businessId}::uuid, t.status::"ClientSyncStatus", t.error, CASE WHEN t.failed THEN 1 ELSE 0 END, t.version, now()
      FROM unnest(${ids}::uuid[], ${versions}::int[], ${statuses}::text[], ${errors}::text[], ${failed}::boolean[]) AS t(id, version, status, error, failed)
      ON CONFLICT ("clientId") DO UPDATE SET
        "status" = EXCLUDED."status", "lastError" = EXCLUDED."lastError", "syncedVersion" = EXCLUDED."syncedVersion",
        "failedAttempts" = CASE WHEN EXCLUDED."status" = 'FAILED' THEN "ClientSyncState"."failedAttempts" + 1 ELSE 0 END,
        "updatedAt" = now()`,
    db.$executeRaw`
      UPDATE "ClientSyncState" s SET "syncedEmail" = NULL, "syncedListId" = NULL, "ccContactId" = NULL
      FROM unnest(${ids}::uuid[], ${clears}::boolean[]) AS t(id, clear)
      WHERE s."clientId" = t.id AND t.clear AND s."businessId" = ${businessId}::uuid`,
    db.$executeRaw`
      DELETE FROM "ClientSyncPending" p
      USING unnest(${ids}::uuid[], ${versions}::int[]) AS t(id, version)
      WHERE p."clientId" = t.id AND p."businessId" = ${businessId}::uuid AND p."version" = t.version`,
  ]);
  releaseQueryArguments();
}
