// Per-client sync bookkeeping for one connection, written in bulk (one statement per batch, over unnest() arrays).
//
// The rule that keeps edits safe: a client's ClientSyncPending row is deleted only while it still holds the version
// that was sent (compare-and-delete). A client edited while its batch was in flight has a newer version in that row
// (the edit's trigger updated it, and the row lock orders the edit and the delete), stays pending, and goes out in
// the next run. The bookkeeping never updates "Client" itself, so none of its indexes is rewritten.
import { bulkQuery, db, planEachExecution, releaseQueryArguments } from "../db";
import { Prisma, type ClientSyncStatus } from "../generated/prisma/client";
import type { JsonArrayBytes } from "./json-array-bytes";
import type { SettledOutcome } from "./plan-push";

/** The connection a piece of bookkeeping is for, and its business (every statement is scoped by both). */
export type ConnectionRef = { connectionId: string; businessId: string };

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

/** The clients of an accepted batch are in flight (a JSON array of `inFlightTuple`s): one statement for them all. */
export async function markInFlight(
  { connectionId, businessId }: ConnectionRef,
  batchId: string,
  tuples: JsonArrayBytes,
): Promise<void> {
  if (tuples.length === 0) return;
  // One parameter (up to 4 MB), sent as the bytes it is (json's binary form is its text), rather than six arrays.
  const json = tuples.bytes;
  await bulkQuery(Prisma.sql`
    INSERT INTO "ClientSyncState" ("connectionId", "clientId", "businessId", "status", "inFlightBatchId", "inFlightVersion",
      "inFlightEmail", "inFlightClientType", "inFlightGroups", "segmentNote", "updatedAt")
    SELECT ${connectionId}::uuid, (t->>0)::uuid, ${businessId}::uuid, 'PENDING', ${batchId}, (t->>1)::int, t->>2, t->>3, t->>4,
      t->>5, now()
    FROM json_array_elements(${json}::json) AS t
    ON CONFLICT ("connectionId", "clientId") DO UPDATE SET
      "status" = 'PENDING', "inFlightBatchId" = EXCLUDED."inFlightBatchId", "inFlightVersion" = EXCLUDED."inFlightVersion",
      "inFlightEmail" = EXCLUDED."inFlightEmail", "inFlightClientType" = EXCLUDED."inFlightClientType",
      "inFlightGroups" = EXCLUDED."inFlightGroups", "segmentNote" = EXCLUDED."segmentNote", "updatedAt" = now()
    -- A newer version already settled (settleWithoutCall, while this batch was being filled) is not overwritten
    -- by the answer to an older one: the client stays as settled, and its row simply went along.
    WHERE "ClientSyncState"."syncedVersion" <= EXCLUDED."inFlightVersion"`);
}

/**
 * The batch completed: every client still in flight with it is in the list, as of the version that was sent.
 * `sentAt`: when it was sent, for an answer read later (a push that only sent); now for one read at once.
 */
export async function recordImported(
  { connectionId }: ConnectionRef,
  batchId: string,
  listId: string,
  sentAt = new Date(),
): Promise<{ added: number; updated: number }> {
  const now = sentAt;
  return db.$transaction(async (tx) => {
    // A batch of one client or of 40,000: each statement planned for its own.
    await planEachExecution(tx);
    // Added: the address was not in this list by our books (new client, new email or new list); else updated.
    const [counts] = await tx.$queryRaw<{ added: number; total: number }[]>`
      SELECT count(*) FILTER (WHERE "syncedEmail" IS DISTINCT FROM "inFlightEmail" OR "syncedListId" IS DISTINCT FROM ${listId})::int AS added,
             count(*)::int AS total
      FROM "ClientSyncState" WHERE "connectionId" = ${connectionId}::uuid AND "inFlightBatchId" = ${batchId}`;
    // A whole batch (up to 40,000 rows): statistics lag behind a connection whose rows a sync is only now writing,
    // and a nested loop chosen on an estimate of a few rows would scan the queue once per client.
    await tx.$executeRaw`SET LOCAL enable_nestloop = off`;
    await tx.$executeRaw`
      DELETE FROM "ClientSyncPending" p
      USING "ClientSyncState" s
      WHERE s."connectionId" = ${connectionId}::uuid AND s."inFlightBatchId" = ${batchId}
        AND p."connectionId" = s."connectionId" AND p."clientId" = s."clientId" AND p."version" = s."inFlightVersion"`;
    await tx.$executeRaw`
      UPDATE "ClientSyncState" SET
        "status" = 'SYNCED', "syncedVersion" = "inFlightVersion", "syncedEmail" = "inFlightEmail", "syncedListId" = ${listId},
        -- the contact id we knew belonged to the old address
        "remoteId" = CASE WHEN "syncedEmail" IS DISTINCT FROM "inFlightEmail" THEN NULL ELSE "remoteId" END,
        "lastSentAt" = ${now}, "lastError" = NULL, "failedAttempts" = 0,
        -- segment values: null in flight left the field as it was, "" cleared it
        "syncedClientType" = CASE WHEN "inFlightClientType" IS NULL THEN "syncedClientType" ELSE NULLIF("inFlightClientType", '') END,
        "syncedGroups" = CASE WHEN "inFlightGroups" IS NULL THEN "syncedGroups" ELSE NULLIF("inFlightGroups", '') END,
        "inFlightBatchId" = NULL, "inFlightVersion" = NULL, "inFlightEmail" = NULL,
        "inFlightClientType" = NULL, "inFlightGroups" = NULL, "updatedAt" = now()
      WHERE "connectionId" = ${connectionId}::uuid AND "inFlightBatchId" = ${batchId}`;
    return { added: counts?.added ?? 0, updated: (counts?.total ?? 0) - (counts?.added ?? 0) };
  }, BULK_TRANSACTION);
}

/** The batch failed as a whole (transient): the clients stay pending and are sent again later. */
export async function recordImportFailed(
  { connectionId }: ConnectionRef,
  batchId: string,
  error: string,
): Promise<number> {
  return db.$executeRaw`
    UPDATE "ClientSyncState" SET "status" = 'FAILED', "lastError" = ${error.slice(0, 500)}, "failedAttempts" = "failedAttempts" + 1,
      "inFlightBatchId" = NULL, "inFlightVersion" = NULL, "inFlightEmail" = NULL,
      "inFlightClientType" = NULL, "inFlightGroups" = NULL, "updatedAt" = now()
    WHERE "connectionId" = ${connectionId}::uuid AND "inFlightBatchId" = ${batchId}`;
}

/**
 * Rows of a batch the provider refused one by one: their clients leave the batch with the outcome (FAILED with the
 * provider's reason, or UNSUBSCRIBED_IN_PROVIDER where the person unsubscribed or bounced there), final for the
 * version that was sent, like an outcome decided before sending. Returns how many clients each outcome took.
 */
export async function recordRejected(
  { connectionId, businessId }: ConnectionRef,
  batchId: string,
  rejected: { email: string; status: "FAILED" | "UNSUBSCRIBED_IN_PROVIDER"; reason: string }[],
): Promise<{ failed: number; unsubscribed: number }> {
  if (rejected.length === 0) return { failed: 0, unsubscribed: 0 };
  const emails = rejected.map((r) => r.email.toLowerCase());
  const statuses = rejected.map((r) => r.status);
  const reasons = rejected.map((r) => r.reason.slice(0, 500));
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ status: string }[]>`
      UPDATE "ClientSyncState" s SET "status" = t.status::"ClientSyncStatus", "lastError" = t.reason,
        "failedAttempts" = CASE WHEN t.status = 'FAILED' THEN s."failedAttempts" + 1 ELSE 0 END,
        "syncedVersion" = s."inFlightVersion",
        "syncedEmail" = CASE WHEN t.status = 'FAILED' THEN s."syncedEmail" ELSE NULL END,
        "syncedListId" = CASE WHEN t.status = 'FAILED' THEN s."syncedListId" ELSE NULL END,
        "inFlightBatchId" = NULL, "inFlightEmail" = NULL, "inFlightClientType" = NULL, "inFlightGroups" = NULL,
        "updatedAt" = now()
      FROM unnest(${emails}::text[], ${statuses}::text[], ${reasons}::text[]) AS t(email, status, reason)
      WHERE s."connectionId" = ${connectionId}::uuid AND s."businessId" = ${businessId}::uuid
        AND s."inFlightBatchId" = ${batchId} AND s."inFlightEmail" = t.email
      RETURNING t.status`;
    await tx.$executeRaw`
      DELETE FROM "ClientSyncPending" p USING "ClientSyncState" s
      WHERE s."connectionId" = ${connectionId}::uuid AND s."inFlightBatchId" IS NULL AND s."inFlightVersion" IS NOT NULL
        AND s."status" IN ('FAILED', 'UNSUBSCRIBED_IN_PROVIDER') AND p."connectionId" = s."connectionId"
        AND p."clientId" = s."clientId" AND p."version" = s."inFlightVersion"`;
    await tx.$executeRaw`
      UPDATE "ClientSyncState" SET "inFlightVersion" = NULL
      WHERE "connectionId" = ${connectionId}::uuid AND "inFlightBatchId" IS NULL AND "inFlightVersion" IS NOT NULL`;
    const failed = rows.filter((r) => r.status === "FAILED").length;
    return { failed, unsubscribed: rows.length - failed };
  }, BULK_TRANSACTION);
}

/** Outcomes decided without a batch (removed, not opted in, no email, unsendable): final for that version. */
export async function settleOutcomes(
  { connectionId, businessId }: ConnectionRef,
  outcomes: SettledOutcome[],
): Promise<void> {
  if (outcomes.length === 0) return;
  const ids = outcomes.map((o) => o.id);
  const versions = outcomes.map((o) => o.version);
  const statuses = outcomes.map((o) => o.status as ClientSyncStatus);
  const errors = outcomes.map((o) => o.error ?? null);
  const clears = outcomes.map((o) => Boolean(o.clearSyncedEmail));
  const failed = outcomes.map((o) => o.status === "FAILED");
  await db.$transaction([
    db.$executeRaw`
      INSERT INTO "ClientSyncState" ("connectionId", "clientId", "businessId", "status", "lastError", "failedAttempts", "syncedVersion", "updatedAt")
      SELECT ${connectionId}::uuid, t.id, ${businessId}::uuid, t.status::"ClientSyncStatus", t.error, CASE WHEN t.failed THEN 1 ELSE 0 END, t.version, now()
      FROM unnest(${ids}::uuid[], ${versions}::int[], ${statuses}::text[], ${errors}::text[], ${failed}::boolean[]) AS t(id, version, status, error, failed)
      ON CONFLICT ("connectionId", "clientId") DO UPDATE SET
        "status" = EXCLUDED."status", "lastError" = EXCLUDED."lastError", "syncedVersion" = EXCLUDED."syncedVersion",
        "failedAttempts" = CASE WHEN EXCLUDED."status" = 'FAILED' THEN "ClientSyncState"."failedAttempts" + 1 ELSE 0 END,
        "updatedAt" = now()`,
    db.$executeRaw`
      UPDATE "ClientSyncState" s SET "syncedEmail" = NULL, "syncedListId" = NULL, "remoteId" = NULL
      FROM unnest(${ids}::uuid[], ${clears}::boolean[]) AS t(id, clear)
      WHERE s."connectionId" = ${connectionId}::uuid AND s."clientId" = t.id AND t.clear`,
    db.$executeRaw`
      DELETE FROM "ClientSyncPending" p
      USING unnest(${ids}::uuid[], ${versions}::int[]) AS t(id, version)
      WHERE p."connectionId" = ${connectionId}::uuid AND p."clientId" = t.id AND p."version" = t.version`,
  ]);
  releaseQueryArguments();
}
