// The client types and groups page: each type and group of the business with how many clients it has, and whether
// the business sends them to its mailing-list providers (so the page can say that renames and deletes are re-sent
// there).
import type { BusinessScope } from "../auth/business-context";
import { db } from "../db";
import type { Provider } from "../generated/prisma/client";

export type ClientOptionRow = { id: string; name: string; clients: number };
export type ClientOptionsOverview = {
  types: ClientOptionRow[];
  groups: ClientOptionRow[];
  /**
   * What a rename or delete re-sends, from the connections that are not disconnected: the providers each kind is sent
   * to, and the providers the business is connected to at all.
   */
  sent: { type: Provider[]; group: Provider[]; connected: Provider[] };
};

/**
 * One grouped count per kind (a `GROUP BY` over the business's clients or memberships), never a count per row:
 * a business can have 100,000 clients and `Client.clientTypeId` has no index of its own.
 */
export async function listClientOptions({ businessId }: BusinessScope): Promise<ClientOptionsOverview> {
  const byName = { orderBy: { name: "asc" }, select: { id: true, name: true } } as const;
  const [types, typeCounts, groups, groupCounts, connections] = await Promise.all([
    db.clientType.findMany({ where: { businessId }, ...byName }),
    db.client.groupBy({
      by: ["clientTypeId"],
      where: { businessId, clientTypeId: { not: null } },
      _count: { _all: true },
    }),
    db.clientGroup.findMany({ where: { businessId }, ...byName }),
    db.clientGroupMember.groupBy({
      by: ["groupId"],
      where: { group: { businessId }, client: { businessId } },
      _count: { _all: true },
    }),
    db.connection.findMany({
      where: { businessId, status: { not: "DISCONNECTED" } },
      orderBy: { provider: "asc" },
      select: { provider: true, sendClientType: true, sendGroups: true },
    }),
  ]);
  const typeCount = new Map(typeCounts.map((row) => [row.clientTypeId, row._count._all]));
  const groupCount = new Map(groupCounts.map((row) => [row.groupId, row._count._all]));
  return {
    types: types.map((t) => ({ ...t, clients: typeCount.get(t.id) ?? 0 })),
    groups: groups.map((g) => ({ ...g, clients: groupCount.get(g.id) ?? 0 })),
    sent: {
      type: connections.filter((c) => c.sendClientType).map((c) => c.provider),
      group: connections.filter((c) => c.sendGroups).map((c) => c.provider),
      connected: connections.map((c) => c.provider),
    },
  };
}
