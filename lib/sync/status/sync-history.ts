import { z } from "zod";
import type { BusinessScope } from "../../auth/business-context";
import { db } from "../../db";
import { CursorTime, keysetCursor } from "../../pagination/keyset-cursor";

/** In the URL as [startedAt, id] of the oldest run shown. */
const runCursor = keysetCursor(z.tuple([CursorTime, z.uuid()]));

/**
 * Run history for the status page: newest first, keyset-paginated on (startedAt, id). `before` is the cursor
 * from the URL, as is: a malformed one shows the newest runs.
 */
export async function syncRunsPage({ businessId }: BusinessScope, before: unknown, take = 20) {
  const position = runCursor.decode(before);
  const rows = await db.syncRun.findMany({
    where: {
      businessId,
      ...(position ? { OR: [{ startedAt: { lt: position[0] } }, { startedAt: position[0], id: { lt: position[1] } }] } : {}),
    },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    take: take + 1,
    select: {
      id: true, kind: true, trigger: true, status: true, startedAt: true, finishedAt: true, considered: true, sent: true,
      added: true, updated: true, removed: true, unsubscribesPulled: true, failed: true, skipped: true, apiCalls: true, error: true,
    },
  });
  const runs = rows.slice(0, take);
  const last = runs.at(-1);
  return {
    runs,
    /** The page of older runs, if there is one. */
    nextCursor: rows.length > take && last ? runCursor.encode([last.startedAt, last.id]) : null,
    /** False on the newest page (no link back to it needed). */
    paged: position !== null,
  };
}

export type DailyTotals = { day: string; sent: number; failed: number };

/** Sent and failed per day over the last `days` days (UTC), zero-filled, for the small chart. */
export async function dailyTotals({ businessId }: BusinessScope, days = 30, now = new Date()): Promise<DailyTotals[]> {
  const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - (days - 1)));
  const rows = await db.$queryRaw<{ day: Date; sent: bigint; failed: bigint }[]>`
    SELECT date_trunc('day', "startedAt" AT TIME ZONE 'UTC') AS day, SUM("sent")::bigint AS sent, SUM("failed")::bigint AS failed
    FROM "SyncRun" WHERE "businessId" = ${businessId}::uuid AND "startedAt" >= ${since}
    GROUP BY 1 ORDER BY 1`;
  const byDay = new Map(rows.map((r) => [new Date(r.day).toISOString().slice(0, 10), r]));
  return Array.from({ length: days }, (_, i) => {
    const day = new Date(since.getTime() + i * 86_400_000).toISOString().slice(0, 10);
    const row = byDay.get(day);
    return { day, sent: Number(row?.sent ?? 0), failed: Number(row?.failed ?? 0) };
  });
}

/** Clients whose last send failed, with the reason, for the Failures list. */
export async function failedClientsPage({ businessId }: BusinessScope, take = 50) {
  const rows = await db.clientSyncState.findMany({
    where: { businessId, status: "FAILED" },
    orderBy: { updatedAt: "desc" },
    take,
    select: { clientId: true, lastError: true, failedAttempts: true, updatedAt: true, client: { select: { firstName: true, lastName: true, email: true } } },
  });
  const total = await db.clientSyncState.count({ where: { businessId, status: "FAILED" } });
  return { total, clients: rows };
}

/** Everything the integration page's history section shows: a page of runs, the daily chart, the failures. */
export async function syncHistory(scope: BusinessScope, runsBefore: unknown) {
  const [runs, days, failures] = await Promise.all([syncRunsPage(scope, runsBefore), dailyTotals(scope), failedClientsPage(scope)]);
  return { runs: runs.runs, nextCursor: runs.nextCursor, paged: runs.paged, days, failures };
}
export type SyncHistory = Awaited<ReturnType<typeof syncHistory>>;
