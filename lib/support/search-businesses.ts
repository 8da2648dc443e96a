import { z } from "zod";
import { db } from "../db";
import type { Provider, ConnectionStatus, Prisma } from "../generated/prisma/client";
import { CURSOR_MAX, keysetCursor } from "../pagination/keyset-cursor";
import { escapeLike, SearchText } from "../search/search-text";

export const SEARCH_PAGE_SIZE = 20;

export const SearchBusinessesInput = z.object({
  q: SearchText,
  /** ISO 3166-1 alpha-2, any case; anything else means "any country". */
  country: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{2}$/)
    .transform((c) => c.toUpperCase())
    .optional()
    .catch(undefined),
  /** Opaque keyset cursor: the page after this (name, id). */
  after: z.string().max(CURSOR_MAX).optional().catch(undefined),
});
/** Straight from the URL: anything unexpected falls back to the default, never an error. */
export type SearchBusinessesInput = Partial<Record<keyof z.input<typeof SearchBusinessesInput>, unknown>>;

/** In the URL as [name, id] of the last business shown. */
const businessCursor = keysetCursor(z.tuple([z.string(), z.uuid()]));

export type BusinessSearchResult = {
  id: string;
  name: string;
  slug: string;
  countryCode: string;
  /** The console spans businesses: each one's times are written in its own zone. */
  timeZone: string;
  owners: { name: string; email: string }[];
  /** Each connection that is not disconnected. Explicit fields only: no token column is ever selected here. */
  integrations: {
    provider: Provider;
    status: ConnectionStatus;
    accountName: string | null;
    listName: string | null;
    lastSyncedAt: Date | null;
    lastError: string | null;
    pendingClients: number;
  }[];
};

/**
 * The support console's business finder: by name, slug or owner email (contains, case-insensitive), or by country
 * (a two-letter query also matches the ISO code; the country field filters by it). Keyset pages in name order.
 * Platform-wide by design: only support reaches it (the console's guard).
 */
export async function searchBusinesses(
  raw: SearchBusinessesInput,
): Promise<{ businesses: BusinessSearchResult[]; nextCursor: string | null }> {
  const input = SearchBusinessesInput.parse(raw);
  const q = escapeLike(input.q);
  const after = businessCursor.decode(input.after);
  const where: Prisma.BusinessWhereInput = {
    ...(input.country ? { countryCode: input.country } : {}),
    AND: [
      ...(q
        ? [
            {
              OR: [
                { name: { contains: q, mode: "insensitive" as const } },
                { slug: { contains: q.toLowerCase() } },
                { memberships: { some: { role: "OWNER" as const, user: { email: { contains: q.toLowerCase() } } } } },
                ...(/^[A-Za-z]{2}$/.test(input.q) ? [{ countryCode: input.q.toUpperCase() }] : []),
              ],
            },
          ]
        : []),
      ...(after ? [{ OR: [{ name: { gt: after[0] } }, { name: after[0], id: { gt: after[1] } }] }] : []),
    ],
  };
  const rows = await db.business.findMany({
    where,
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: SEARCH_PAGE_SIZE + 1,
    select: {
      id: true,
      name: true,
      slug: true,
      countryCode: true,
      timeZone: true,
      memberships: {
        where: { role: "OWNER" },
        select: { user: { select: { name: true, email: true } } },
        orderBy: { createdAt: "asc" },
        take: 3,
      },
      connections: {
        where: { status: { not: "DISCONNECTED" } },
        orderBy: { provider: "asc" },
        select: {
          id: true,
          provider: true,
          status: true,
          accountName: true,
          listName: true,
          lastSyncedAt: true,
          lastError: true,
        },
      },
    },
  });
  const page = rows.slice(0, SEARCH_PAGE_SIZE);
  const connected = page.flatMap((b) => b.connections.map((c) => c.id));
  // One grouped count on the ClientSyncPending(connectionId, clientId) key for the whole page, not one query per
  // connection.
  const pending = connected.length
    ? await db.clientSyncPending.groupBy({
        by: ["connectionId"],
        where: { connectionId: { in: connected } },
        _count: { _all: true },
      })
    : [];
  const pendingBy = new Map(pending.map((p) => [p.connectionId, p._count._all]));
  const last = page[page.length - 1];
  return {
    businesses: page.map((b) => ({
      id: b.id,
      name: b.name,
      slug: b.slug,
      countryCode: b.countryCode,
      timeZone: b.timeZone,
      owners: b.memberships.map((m) => m.user),
      integrations: b.connections.map((c) => ({
        provider: c.provider,
        status: c.status,
        accountName: c.accountName,
        listName: c.listName,
        lastSyncedAt: c.lastSyncedAt,
        lastError: c.lastError,
        pendingClients: pendingBy.get(c.id) ?? 0,
      })),
    })),
    nextCursor: last && rows.length > SEARCH_PAGE_SIZE ? businessCursor.encode([last.name, last.id]) : null,
  };
}
