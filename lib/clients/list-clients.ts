import { z } from "zod";
import type { BusinessScope } from "../auth/business-context";
import { db, planEachExecution } from "../db";
import { pendingFor } from "./mark-sync-pending";
import type { Prisma, Provider } from "../generated/prisma/client";
import { PROVIDER_WORDS } from "../provider-words";
import { CURSOR_MAX, keysetCursor } from "../pagination/keyset-cursor";
import { escapeLike, SearchText } from "../search/search-text";

export const PAGE_SIZE = 50;

export const SYNC_FILTERS = [
  "in_list",
  "pending",
  "failed",
  "not_opted_in",
  "unsubscribed_in_provider",
  "bouncing",
] as const;
export type SyncFilter = (typeof SYNC_FILTERS)[number];

/** Providers by the slug the clients page's URL names them with (`?sync=failed&via=mailchimp`). */
export const PROVIDER_BY_SLUG = Object.fromEntries(
  Object.entries(PROVIDER_WORDS).map(([provider, words]) => [words.slug, provider as Provider]),
) as Record<string, Provider>;

/**
 * Each filter means what the sync status panel of one connection counts (lib/sync/status/sync-status.ts), on the
 * indexes those counts use: ClientSyncState(connectionId, status), ClientSyncPending(connectionId, clientId),
 * Client(businessId, newsOptIn).
 */
function syncWhere(filter: SyncFilter, connectionId: string): Prisma.ClientWhereInput {
  switch (filter) {
    case "in_list":
      return { syncStates: { some: { connectionId, status: "SYNCED" } } };
    case "failed":
      return { syncStates: { some: { connectionId, status: "FAILED" } } };
    case "unsubscribed_in_provider":
      return { syncStates: { some: { connectionId, status: "UNSUBSCRIBED_IN_PROVIDER" } } };
    case "pending":
      return { ...pendingFor(connectionId), newsOptIn: true, emailNormalized: { not: null } };
    case "not_opted_in":
      return { newsOptIn: false };
    case "bouncing":
      // Read as ids first (see bouncingClientIds): Client has no relation to EmailBounce, which is keyed by address.
      return {};
  }
}

/**
 * The business's clients whose current address bounced in the connection's provider, on the EmailBounce key and the
 * (businessId, emailNormalized) index: bounces are few, so their ids are a short list.
 */
async function bouncingClientIds(businessId: string, connectionId: string): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT c.id FROM "EmailBounce" e
    JOIN "Client" c ON c."businessId" = ${businessId}::uuid AND c."emailNormalized" = e.email
    WHERE e."connectionId" = ${connectionId}::uuid`;
  return rows.map((r) => r.id);
}

export const ListClientsInput = z.object({
  q: SearchText,
  optIn: z.enum(["all", "yes", "no"]).catch("all"),
  /** Where the client stands with one connection (`via`): its sync status panel's counts, as filters. */
  sync: z.enum(["all", ...SYNC_FILTERS]).catch("all"),
  /** The provider the `sync` filter is about, by slug (default: the business's first connection). */
  via: z.string().max(40).optional().catch(undefined),
  /** Opaque keyset cursors: the page after / before this position. */
  after: z.string().max(CURSOR_MAX).optional().catch(undefined),
  before: z.string().max(CURSOR_MAX).optional().catch(undefined),
});
/** Straight from the URL's search params: anything unexpected falls back to the default, never an error. */
export type ListClientsInput = Partial<Record<keyof z.input<typeof ListClientsInput>, unknown>>;

type Position = { lastName: string; firstName: string; id: string };
/** In the URL as [lastName, firstName, id]. */
const clientCursor = keysetCursor(z.tuple([z.string(), z.string(), z.uuid()]));
const encodeCursor = (p: Position) => clientCursor.encode([p.lastName, p.firstName, p.id]);

function decodeCursor(cursor: string | undefined): Position | null {
  const position = clientCursor.decode(cursor);
  return position && { lastName: position[0], firstName: position[1], id: position[2] };
}

/** Rows strictly after (or before) a position in (lastName, firstName, id) order. */
function beyond(p: Position, direction: "gt" | "lt"): Prisma.ClientWhereInput {
  return {
    OR: [
      { lastName: { [direction]: p.lastName } },
      { lastName: p.lastName, firstName: { [direction]: p.firstName } },
      { lastName: p.lastName, firstName: p.firstName, id: { [direction]: p.id } },
    ],
  };
}

/**
 * One page of a business's clients, by last name. Keyset pagination on the (businessId, lastName, firstName, id)
 * index: page 2,000 costs what page 1 costs, and no count of all rows is taken. Every word of the search must
 * appear in the first name, last name or email ("ann smi" finds Joanna Smith); the trigram indexes of migration
 * 20261126020000_clients serve these ILIKE '%word%' conditions. Measured on Postgres 16 with 100,000 clients in
 * one business (and 100,000 in another): a page, the next page or a filter 2-9 ms; a 3+ character search 8-14 ms;
 * a 1-2 character search that matches nothing scans the business (~120 ms), since trigrams need 3 characters.
 */
export async function listClients(scope: BusinessScope, raw: ListClientsInput) {
  const input = ListClientsInput.parse(raw);
  // The business's connections: the page shows a column per provider, and the filter is about one of them.
  const connections = await db.connection.findMany({
    where: { businessId: scope.businessId, status: { not: "DISCONNECTED" } },
    orderBy: { provider: "asc" },
    select: { id: true, provider: true },
  });
  const filtered = connections.find((c) => c.provider === PROVIDER_BY_SLUG[input.via ?? ""]) ?? connections[0] ?? null;
  const words = input.q.split(/\s+/).filter(Boolean).slice(0, 5).map(escapeLike);
  const after = decodeCursor(input.after);
  const before = after ? null : decodeCursor(input.before);
  const where: Prisma.ClientWhereInput = {
    businessId: scope.businessId,
    ...(input.optIn === "all" ? {} : { newsOptIn: input.optIn === "yes" }),
    AND: [
      // A filter about a provider the business is not connected to matches nobody.
      ...(input.sync === "all"
        ? []
        : [
            !filtered
              ? { id: "00000000-0000-0000-0000-000000000000" }
              : input.sync === "bouncing"
                ? { id: { in: await bouncingClientIds(scope.businessId, filtered.id) } }
                : syncWhere(input.sync, filtered.id),
          ]),
      ...words.map((word) => ({
        OR: [
          { firstName: { contains: word, mode: "insensitive" as const } },
          { lastName: { contains: word, mode: "insensitive" as const } },
          { emailNormalized: { contains: word.toLowerCase() } },
        ],
      })),
      ...(after ? [beyond(after, "gt")] : []),
      ...(before ? [beyond(before, "lt")] : []),
    ],
  };
  const order = before ? ("desc" as const) : ("asc" as const);
  // Planned for its words each time: a rare word is found through the trigram indexes, a common one along the name
  // index, and one plan kept for every search would serve one of them badly (lib/db.ts, planEachExecution).
  const rows = await db.$transaction(async (tx) => {
    await planEachExecution(tx);
    return tx.client.findMany({
      where,
      orderBy: [{ lastName: order }, { firstName: order }, { id: order }],
      take: PAGE_SIZE + 1,
      select: {
        id: true,
        firstName: true,
        lastName: true,
        email: true,
        city: true,
        newsOptIn: true,
        pendingSyncs: { select: { connectionId: true } },
        syncStates: { select: { connectionId: true, status: true, lastError: true } },
      },
    });
  });
  const hasMore = rows.length > PAGE_SIZE;
  const page = rows.slice(0, PAGE_SIZE).map(({ pendingSyncs, syncStates, ...client }) => ({
    ...client,
    /** Where the client stands with each connection of the business, in the order of `connections`. */
    syncs: connections.map((c) => {
      const state = syncStates.find((s) => s.connectionId === c.id);
      return {
        provider: c.provider,
        syncPending: pendingSyncs.some((p) => p.connectionId === c.id),
        syncState: state ? { status: state.status, lastError: state.lastError } : null,
      };
    }),
  }));
  if (before) page.reverse();
  const first = page[0];
  const last = page[page.length - 1];
  return {
    connections: connections.map((c) => c.provider),
    filteredProvider: filtered?.provider ?? null,
    clients: page,
    // Going forward, "more" means a next page; going back, it means a previous one.
    nextCursor: last && (before ? true : hasMore) ? encodeCursor(last) : null,
    previousCursor: first && (before ? hasMore : Boolean(after)) ? encodeCursor(first) : null,
  };
}
