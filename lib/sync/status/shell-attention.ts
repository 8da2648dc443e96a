import type { BusinessScope } from "../../auth/business-context";
import { db } from "../../db";
import type { Provider } from "../../generated/prisma/client";
import { attentionOf, type SyncStatus } from "./sync-status";

const LONG_PAUSE_MS = 60 * 60 * 1000;

/**
 * What the admin shell's banner says on every page, or null: a connection needs the owner (reconnect), or syncing
 * has been paused for a long time by a provider's daily quota. The wording is the status
 * panel's (attentionOf); shorter pauses and "choose a list" only show on the integration page.
 */
export type ShellAttention = NonNullable<SyncStatus["attention"]> & {
  provider: Provider;
  timeZone: string;
  checkedAt: string;
};

export async function shellAttention({ businessId }: BusinessScope, now = new Date()): Promise<ShellAttention | null> {
  const connections = await db.connection.findMany({
    where: { businessId },
    orderBy: { provider: "asc" },
    select: {
      provider: true,
      status: true,
      quotaPausedUntil: true,
      lastUnsubscribePullAt: true,
      business: { select: { timeZone: true } },
    },
  });
  for (const connection of connections) {
    const attention = attentionOf(connection, now);
    const long = (connection.quotaPausedUntil?.getTime() ?? 0) - now.getTime() > LONG_PAUSE_MS;
    if (!attention || attention.kind === "choose_list" || (attention.kind === "quota_paused" && !long)) continue;
    // The resume time is written in the business's zone, relative to when this was read.
    return {
      ...attention,
      provider: connection.provider,
      timeZone: connection.business.timeZone,
      checkedAt: now.toISOString(),
    };
  }
  return null;
}
