import { bulkQuery } from "../db";
import { Prisma } from "../generated/prisma/client";
import type { ClientSyncStatus, ConsentChangeSource, SuppressionKind } from "../generated/prisma/client";

// The queue, read: what a push run takes from ClientSyncPending, chunk by chunk, with each client's sync state for
// the connection, and the family members sharing its email.

/** What the push needs to know about a client (and what the provider holds for it, by our books). */
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
  /** The provider will not send to the client's address: unsubscribed or cleaned there (see remote-changes.ts). */
  suppressed?: SuppressionKind | null;
  /** The client's type and group names, for the segment custom fields (absent where a caller does not need them). */
  clientTypeName?: string | null;
  groupNames?: string[];
  syncState: {
    status: ClientSyncStatus;
    syncedEmail: string | null;
    syncedListId: string | null;
    remoteId: string | null;
    syncedClientType?: string | null;
    syncedGroups?: string | null;
  } | null;
};

// Each client comes back as ONE json value, a positional tuple, parsed by the driver's JSON.parse: reading clients as
// rows of 18 columns cost about 4 times the memory (per-cell conversion in the ORM). One small value per row rather
// than one aggregate per chunk: a chunk's text (half a megabyte) would be a large object, which only a full garbage
// collection frees. The order of the values here and in `Tuple` is the contract between the two.
type Tuple = [
  id: string,
  firstName: string,
  lastName: string,
  email: string | null,
  emailNormalized: string | null,
  city: string | null,
  newsOptIn: boolean,
  unsubscribeSource: ConsentChangeSource | null,
  updatedAt: string,
  syncVersion: number,
  status: ClientSyncStatus | null,
  syncedEmail: string | null,
  syncedListId: string | null,
  remoteId: string | null,
  syncedClientType: string | null,
  syncedGroups: string | null,
  clientTypeName: string | null,
  groupNames: string[] | null,
  suppressed: SuppressionKind | null,
];

// Group names are read only when groups are being sent (CASE evaluates the subquery only then): a push without
// them pays nothing.
const syncClientTuple = (connectionId: string, withGroups: boolean) => Prisma.sql`
    c.id, c."firstName", c."lastName", c.email, c."emailNormalized", c.city, c."newsOptIn", c."unsubscribeSource",
    c."updatedAt", c."syncVersion", s.status, s."syncedEmail", s."syncedListId", s."remoteId",
    s."syncedClientType", s."syncedGroups", t.name,
    CASE WHEN ${withGroups} THEN (SELECT array_agg(g.name ORDER BY g.name) FROM "ClientGroupMember" m
      JOIN "ClientGroup" g ON g.id = m."groupId" WHERE m."clientId" = c.id) END,
    (SELECT x.kind FROM "Suppression" x WHERE x."connectionId" = ${connectionId}::uuid AND x.email = c."emailNormalized")`;

function fromTuple(
  [
    id,
    firstName,
    lastName,
    email,
    emailNormalized,
    city,
    newsOptIn,
    unsubscribeSource,
    updatedAt,
    syncVersion,
    status,
    syncedEmail,
    syncedListId,
    remoteId,
    syncedClientType,
    syncedGroups,
    clientTypeName,
    groupNames,
    suppressed,
  ]: Tuple,
  sentThisRun = false,
  hasFamily = false,
): PendingClient {
  // One literal with every property: adding one afterwards would give each of 100,000 objects a new shape and a
  // second allocation.
  return {
    sentThisRun,
    hasFamily,
    id,
    firstName,
    lastName,
    email,
    emailNormalized,
    city,
    newsOptIn,
    unsubscribeSource,
    updatedAt: new Date(updatedAt),
    syncVersion,
    clientTypeName,
    groupNames: groupNames ?? [],
    suppressed,
    syncState: status === null ? null : { status, syncedEmail, syncedListId, remoteId, syncedClientType, syncedGroups },
  };
}

/**
 * A pending client; whether it is already on its way in an import this run sent (see `sentThisRun`); and whether
 * another client of the business has its email (only then does the sync look its family up).
 */
export type PendingClient = SyncClient & { sentThisRun: boolean; hasFamily: boolean };

/**
 * One keyset chunk of a business's clients waiting to be sent, in id order, with their sync state, in one statement:
 * memory stays flat however many clients the business has, and a chunk of thousands costs one round trip instead of
 * a query per page and relation. The chunk is taken from ClientSyncPending's (connectionId, clientId) key first and
 * each client is then looked up by primary key (LATERAL ... OFFSET 0 keeps the planner from turning the lookups into a
 * join of whole tables, a plan it picks when the statistics lag behind a sync that just filled ClientSyncState), so
 * its cost is that of the chunk, not of the business. A chunk shorter than `take` is the last one.
 */
export async function pendingClientsPage(
  connectionId: string,
  afterId: string | null,
  take: number,
  options: {
    /**
     * Batches this run already sent: a client in flight in one of them with its current version is on
     * its way already (a family member read again in a later chunk), so it is flagged and not sent twice. A client
     * in flight in a batch of an earlier run (a crash before its bookkeeping) is sent again: providers upsert by
     * email.
     */
    sentThisRun?: readonly string[];
    /** Read each client's group names (only when groups are sent). */
    withGroups?: boolean;
    /** Only these clients, and only those no batch is carrying (in flight): see settleWithoutCall. */
    only?: readonly string[];
  } = {},
): Promise<PendingClient[]> {
  const { sentThisRun = [], withGroups = false, only } = options;
  const rows = await bulkQuery<{ t: [...Tuple, boolean, boolean] }>(
    Prisma.sql`
    SELECT json_build_array(${syncClientTuple(connectionId, withGroups)},
      COALESCE(s."inFlightBatchId" = ANY(${[...sentThisRun]}::text[]) AND s."inFlightVersion" = c."syncVersion", false),
      EXISTS (SELECT FROM "Client" o WHERE o."businessId" = c."businessId"
        AND o."emailNormalized" = c."emailNormalized" AND o.id <> c.id)
    ) AS t
    FROM (
      SELECT "clientId" FROM "ClientSyncPending"
      WHERE "connectionId" = ${connectionId}::uuid AND "clientId" > ${afterId ?? "00000000-0000-0000-0000-000000000000"}::uuid
        ${only ? Prisma.sql`AND "clientId" = ANY(${arrayLiteral(only)}::uuid[])` : Prisma.empty}
      ORDER BY "clientId" LIMIT ${Prisma.raw(String(chunkSize(take)))}
    ) p
      JOIN LATERAL (SELECT * FROM "Client" WHERE id = p."clientId" OFFSET 0) c ON true
      LEFT JOIN LATERAL (SELECT * FROM "ClientSyncState"
        WHERE "connectionId" = ${connectionId}::uuid AND "clientId" = p."clientId" OFFSET 0) s ON true
      LEFT JOIN "ClientType" t ON t.id = c."clientTypeId"
    ${only ? Prisma.sql`WHERE s."inFlightBatchId" IS NULL` : Prisma.empty}
    ORDER BY p."clientId"`,
    // Planned for each chunk, never as a prepared statement's generic plan: that plan is made once, from the
    // statistics of the moment, and kept. Made while a first full sync had barely started (ClientSyncState still
    // empty), it read ClientSyncState by a sequential scan for every client, and a sync of 60,000 clients took
    // minutes instead of 10 s (2026-12-07). Planning a chunk of 2,000 clients costs about a millisecond.
  );
  // After the client's tuple: "already sent this run", "has family".
  return rows.map(({ t }) => fromTuple(t as unknown as Tuple, t[19], t[20]));
}

/** A chunk's size, written into the statement's text: a whole number from 1 up. */
function chunkSize(take: number): number {
  if (!Number.isInteger(take) || take < 1) throw new Error(`A chunk of ${take} clients cannot be read.`);
  return take;
}

/**
 * A list of thousands of values as ONE text parameter, an array literal Postgres casts (`${arrayLiteral(x)}::text[]`),
 * instead of an array parameter: the ORM and the driver convert an array element by element through intermediate
 * strings (in the sync, about 80 MB of garbage per 100,000 clients for the two lists of each family lookup). Each
 * value is quoted, with `"` and `\` escaped, so any text round-trips. A constant the planner can count: an array
 * computed in the statement (say from a JSON parameter) is of unknown size, and with the business's clients
 * already synced the planner then scanned the whole table for each chunk (the benchmark's second sync took 20
 * times as long).
 */
const arrayLiteral = (values: readonly string[]) =>
  `{${values.map((v) => `"${v.replace(/["\\]/g, "\\$&")}"`).join(",")}}`;

/**
 * Every other client of the business using one of these emails (the family rule needs all of them, pending or
 * not); the clients in `except` are already at hand.
 */
export async function clientsByEmail(
  connection: { connectionId: string; businessId: string },
  emails: string[],
  except: string[] = [],
  withGroups = false,
): Promise<SyncClient[]> {
  if (emails.length === 0) return [];
  const rows = await bulkQuery<{ t: Tuple }>(Prisma.sql`
    SELECT json_build_array(${syncClientTuple(connection.connectionId, withGroups)}) AS t
    FROM "Client" c
      LEFT JOIN "ClientSyncState" s ON s."connectionId" = ${connection.connectionId}::uuid AND s."clientId" = c.id
      LEFT JOIN "ClientType" t ON t.id = c."clientTypeId"
    WHERE c."businessId" = ${connection.businessId}::uuid AND c."emailNormalized" = ANY(${arrayLiteral(emails)}::text[])
      AND NOT (c.id = ANY(${arrayLiteral(except)}::uuid[]))`);
  return rows.map(({ t }) => fromTuple(t));
}
