// A client's sync with each connection of its business, for the profile: what the engine last recorded
// (ClientSyncState), whether a change waits in the queue, and what will not fit the provider's fields.
import type { BusinessScope } from "../../auth/business-context";
import { db } from "../../db";
import type { Provider } from "../../generated/prisma/client";
import { describeSyncIssues as constantContactIssues } from "../../integrations/constant-contact/field-limits";
import type { SyncIssue } from "../../integrations/constant-contact/field-limits";

type Describable = { firstName: string; lastName: string; email: string | null; city: string | null };

const ISSUES: Record<Provider, (client: Describable) => SyncIssue[]> = {
  CONSTANT_CONTACT: constantContactIssues,
  MAILCHIMP: () => [],
};

export async function clientSyncView(scope: BusinessScope, clientId: string) {
  const client = await db.client.findFirst({
    where: { id: clientId, businessId: scope.businessId },
    select: { firstName: true, lastName: true, email: true, emailNormalized: true, city: true },
  });
  if (!client) return [];
  const connections = await db.connection.findMany({
    where: { businessId: scope.businessId, status: { not: "DISCONNECTED" } },
    orderBy: { provider: "asc" },
    select: {
      id: true,
      provider: true,
      states: {
        where: { clientId },
        select: {
          status: true,
          lastSentAt: true,
          lastError: true,
          syncedClientType: true,
          syncedGroups: true,
          segmentNote: true,
        },
      },
      queue: { where: { clientId }, select: { version: true } },
      // A bounce of the client's current address only: a new address has not bounced (yet).
      bounces: {
        where: { email: client.emailNormalized ?? "" },
        select: { kind: true, code: true, campaignName: true, bouncedAt: true },
      },
    },
  });
  return connections.map((c) => ({
    provider: c.provider,
    syncState: c.states[0] ?? null,
    syncPending: c.queue.length > 0,
    syncIssues: ISSUES[c.provider](client),
    bounce: c.bounces[0] ?? null,
  }));
}
export type ClientSync = Awaited<ReturnType<typeof clientSyncView>>[number];
