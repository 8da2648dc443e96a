import { z } from "zod";
import { db } from "../db";
import type { ConnectionStatus, Prisma } from "../generated/prisma/client";

export const SEARCH_PAGE_SIZE = 20;

export const SearchBusinessesInput = z.object({
  q: z.string().trim().max(200).catch(""),
  /** ISO 3166-1 alpha-2, any case; anything else means "any country". */
  country: z.string().trim().regex(/^[A-Za-z]{2}$/).transform((c) => c.toUpperCase()).optional().catch(undefined),
  /** Opaque keyset cursor: the page after this (name, id). */
  after: z.string().max(1000).optional().catch(undefined),
});
/** Straight from the URL: anything unexpected falls back to the default, never an error. */
export type SearchBusinessesInput = Partial<Record<keyof z.input<typeof SearchBusinessesInput>, unknown>>;

const Position = z.tuple([z.string(), z.uuid()]);

function encodeCursor(p: { name: string; id: string }): string {
  return Buffer.from(JSON.stringify([p.name, p.id])).toString("base64url");
}

function decodeCursor(cursor: string | undefined): { name: string; id: string } | null {
  if (!cursor) return null;
  try {
    const [name, id] = Position.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    return { name, id };
  } catch {
    return null;
  }
}

export type BusinessSearchResult = {
  id: string;
  name: string;
  slug: string;
  countryCode: string;
  owners: { name: string; email: string }[];
  /** Explicit fields only: no token column is ever selected here. */
  integration: {
    status: ConnectionStatus;
    accountName: string | null;
    listName: string | null;
    lastSyncedAt: Date | null;
    lastError: string | null;
    pendingClients: number;
  } | null;
};

/**
 * The support console's business finder: by name, slug or owner email (contains, case-insensitive), or by country
 * (a two-letter query also matches the ISO code; the country field filters by it). Keyset pages in name order.
 * Platform-wide by design: only support reaches it (the console's guard).
 */
export async function searchBusinesses(raw: SearchBusinessesInput): Promise<{ businesses: BusinessSearchResult[]; nextCursor: string | null }> {
  const input = SearchBusinessesInput.parse(raw);
  const q = input.q.replace(/[\\%_]/g, "\\$&");
  const after = decodeCursor(input.after);
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
      ...(after ? [{ OR: [{ name: { gt: after.name } }, { name: after.name, id: { gt: after.id } }] }] : []),
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
      memberships: { where: { role: "OWNER" }, select: { user: { select: { name: true, email: true } } }, orderBy: { createdAt: "asc" }, take: 3 },
      constantContactConnection: { select: { status: true, ccAccountName: true, listName: true, lastSyncedAt: true, lastError: true } },
    },
  });
  const page = rows.slice(0, SEARCH_PAGE_SIZE);
  const connected = page.filter((b) => b.constantContactConnection && b.constantContactConnection.status !== "DISCONNECTED").map((b) => b.id);
  // One grouped count on the Client(businessId, syncPending) index for the whole page, not one query per business.
  const pending = connected.length
    ? await db.client.groupBy({ by: ["businessId"], where: { businessId: { in: connected }, syncPending: true }, _count: { _all: true } })
    : [];
  const pendingBy = new Map(pending.map((p) => [p.businessId, p._count._all]));
  const last = page[page.length - 1];
  return {
    businesses: page.map((b) => {
      const c = b.constantContactConnection;
      return {
        id: b.id,
        name: b.name,
        slug: b.slug,
        countryCode: b.countryCode,
        owners: b.memberships.map((m) => m.user),
        integration: c
          ? { status: c.status, accountName: c.ccAccountName, listName: c.listName, lastSyncedAt: c.lastSyncedAt, lastError: c.lastError, pendingClients: pendingBy.get(b.id) ?? 0 }
          : null,
      };
    }),
    nextCursor: last && rows.length > SEARCH_PAGE_SIZE ? encodeCursor(last) : null,
  };
}

/** One business for the support console's per-business pages; null when it does not exist. */
export async function supportBusiness(businessId: string) {
  if (!z.uuid().safeParse(businessId).success) return null;
  return db.business.findUnique({ where: { id: businessId }, select: { id: true, name: true, slug: true, countryCode: true, timeZone: true } });
}
