import { z } from "zod";
import type { BusinessScope } from "../../auth/business-context";
import { db } from "../../db";
import type { Provider } from "../../generated/prisma/client";
import { CursorTime, keysetCursor } from "../../pagination/keyset-cursor";
import { nextDay, startOfDayIn, todayIn } from "../../zoned-day";

/** In the URL as [startedAt, id] of the oldest run shown. */
const runCursor = keysetCursor(z.tuple([CursorTime, z.uuid()]));

/**
 * Run history for the status page: newest first, keyset-paginated on (startedAt, id). `before` is the cursor
 * from the URL, as is: a malformed one shows the newest runs.
 */
export async function syncRunsPage({ businessId }: BusinessScope, provider: Provider, before: unknown, take = 20) {
  const position = runCursor.decode(before);
  const rows = await db.syncRun.findMany({
    where: {
      businessId,
      connection: { provider },
      ...(position
        ? { OR: [{ startedAt: { lt: position[0] } }, { startedAt: position[0], id: { lt: position[1] } }] }
        : {}),
    },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    take: take + 1,
    select: {
      id: true,
      kind: true,
      trigger: true,
      status: true,
      startedAt: true,
      finishedAt: true,
      considered: true,
      sent: true,
      added: true,
      updated: true,
      removed: true,
      unsubscribesPulled: true,
      failed: true,
      skipped: true,
      apiCalls: true,
      error: true,
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

export type DailyTotals = { day: string; sent: number; failed: number; problemRuns: number };

/**
 * Sent and failed per day over the last `days` days of the business's own calendar (its time zone), zero-filled,
 * for the small chart; with the runs of each day that did not do their work (failed, cancelled, interrupted), which
 * the chart marks. The status is compared as text so a value the enum gains later needs no change here.
 */
export async function dailyTotals(
  { businessId }: BusinessScope,
  provider: Provider,
  timeZone: string,
  days = 30,
  now = new Date(),
): Promise<DailyTotals[]> {
  const today = todayIn(timeZone, now);
  const first = dayBefore(today, days - 1);
  const since = startOfDayIn(first, timeZone);
  const rows = await db.$queryRaw<{ day: string; sent: bigint; failed: bigint; problems: bigint }[]>`
    SELECT to_char(r."startedAt" AT TIME ZONE ${timeZone}, 'YYYY-MM-DD') AS day, SUM(r."sent")::bigint AS sent,
      SUM(r."failed")::bigint AS failed,
      COUNT(*) FILTER (WHERE r."status"::text IN ('FAILED', 'CANCELLED', 'INTERRUPTED'))::bigint AS problems
    FROM "SyncRun" r JOIN "Connection" k ON k.id = r."connectionId" AND k.provider = ${provider}::"Provider"
    WHERE r."businessId" = ${businessId}::uuid AND r."startedAt" >= ${since}
    GROUP BY 1 ORDER BY 1`;
  const byDay = new Map(rows.map((r) => [r.day, r]));
  const out: DailyTotals[] = [];
  for (let i = 0, day = first; i < days; i++, day = nextDay(day)) {
    const row = byDay.get(day);
    out.push({
      day,
      sent: Number(row?.sent ?? 0),
      failed: Number(row?.failed ?? 0),
      problemRuns: Number(row?.problems ?? 0),
    });
  }
  return out;
}

function dayBefore(day: string, count: number): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d - count)).toISOString().slice(0, 10);
}

/** Clients whose last send failed, with the reason, for the Failures list. */
export async function failedClientsPage({ businessId }: BusinessScope, provider: Provider, take = 50) {
  const where = { businessId, connection: { provider }, status: "FAILED" as const };
  const rows = await db.clientSyncState.findMany({
    where,
    orderBy: { updatedAt: "desc" },
    take,
    select: {
      clientId: true,
      lastError: true,
      failedAttempts: true,
      updatedAt: true,
      client: { select: { firstName: true, lastName: true, email: true } },
    },
  });
  const total = await db.clientSyncState.count({ where });
  return { total, clients: rows };
}

/**
 * Everything the integration page's history section shows: a page of runs, the daily chart, the failures; with the
 * business's time zone and the moment it was read, which the page writes times in and relative to.
 */
export async function syncHistory(scope: BusinessScope, provider: Provider, runsBefore: unknown, now = new Date()) {
  const { timeZone } = await db.business.findUniqueOrThrow({
    where: { id: scope.businessId },
    select: { timeZone: true },
  });
  const [runs, days, failures] = await Promise.all([
    syncRunsPage(scope, provider, runsBefore),
    dailyTotals(scope, provider, timeZone, 30, now),
    failedClientsPage(scope, provider),
  ]);
  return { runs: runs.runs, nextCursor: runs.nextCursor, paged: runs.paged, days, failures, timeZone, now };
}
export type SyncHistory = Awaited<ReturnType<typeof syncHistory>>;
