import "server-only";
import { dailyCaps } from "../integrations/constant-contact/budget-policy";
import type { CallKind } from "../integrations/call-purpose";
import { db } from "../db";
import type { ConnectionStatus, Provider } from "../generated/prisma/client";
import { env } from "../env";
import { currentPushPlan } from "../sync/push-pace";
import type { PushPlan } from "../sync/push-plan";

// The support console's platform page: the Constant Contact API key's day (from the call ledger), who spends it,
// what needs a person, and how fresh the data is. Platform-wide by design: support only (the page checks).

export type HourOfCalls = { hour: Date; byKind: Partial<Record<CallKind, number>> };
export type Percentiles = { lastHour: number | null; lastDay: number | null };

export type PlatformOverview = {
  budget: { dailyBudget: number; backgroundCap: number; usedToday: number; byKind: Partial<Record<CallKind, number>> };
  hours: HourOfCalls[];
  /** The day's push plan (push-plan.ts): the wait between a connection's change-driven pushes, the projection. */
  pushPlan: PushPlan | null;
  /** `name` is null for a business deleted since its calls. */
  topBusinesses: { businessId: string; name: string | null; calls: number }[];
  needsAttention: {
    businessId: string;
    name: string;
    provider: Provider;
    status: ConnectionStatus;
    lastError: string | null;
    pausedUntil: Date | null;
  }[];
  oldestPendingChange: { businessId: string; name: string; since: Date } | null;
  /** Seconds from a client's change to the import that put it in the list, 95th percentile. */
  changeToListP95: Percentiles;
  /** Seconds from an unsubscribe in Constant Contact to the client being opted out here, 95th percentile. */
  unsubscribeStalenessP95: Percentiles;
};

const HOUR_MS = 3_600_000;

export async function platformOverview(now = new Date()): Promise<PlatformOverview> {
  const dayStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const dailyBudget = env().CC_DAILY_CALL_BUDGET;
  const [perHour, top, attention, oldest, changeHour, changeDay, staleHour, staleDay, pushPlan] = await Promise.all([
    // The day's budget is Constant Contact's (its API key's daily quota); Mailchimp has none.
    db.apiCallLedger.groupBy({
      by: ["hour", "kind"],
      where: { provider: "CONSTANT_CONTACT", hour: { gte: dayStart } },
      _sum: { calls: true },
    }),
    db.$queryRaw<{ businessId: string; name: string | null; calls: number }[]>`
      SELECT l."businessId", b.name, sum(l.calls)::int AS calls
      FROM "ApiCallLedger" l LEFT JOIN "Business" b ON b.id = l."businessId"
      WHERE l.provider = 'CONSTANT_CONTACT' AND l.hour >= ${dayStart}
      GROUP BY l."businessId", b.name ORDER BY calls DESC LIMIT 10`,
    db.connection.findMany({
      where: {
        OR: [
          { status: "NEEDS_RECONNECT" },
          { status: "ACTIVE", OR: [{ lastError: { not: null } }, { quotaPausedUntil: { gt: now } }, { listId: null }] },
        ],
      },
      select: {
        businessId: true,
        provider: true,
        status: true,
        lastError: true,
        quotaPausedUntil: true,
        business: { select: { name: true } },
      },
      orderBy: { updatedAt: "desc" },
      take: 50,
    }),
    db.$queryRaw<{ businessId: string; name: string; since: Date }[]>`
      SELECT p."businessId", b.name, min(p.since) AS since
      FROM "Connection" k
      JOIN "Business" b ON b.id = k."businessId"
      JOIN "ClientSyncPending" p ON p."connectionId" = k.id
      WHERE k.status = 'ACTIVE' AND k."listId" IS NOT NULL
      GROUP BY p."businessId", b.name ORDER BY since LIMIT 1`,
    changeToListP95(new Date(now.getTime() - HOUR_MS)),
    changeToListP95(new Date(now.getTime() - 24 * HOUR_MS)),
    unsubscribeStalenessP95(new Date(now.getTime() - HOUR_MS)),
    unsubscribeStalenessP95(new Date(now.getTime() - 24 * HOUR_MS)),
    currentPushPlan("CONSTANT_CONTACT", now),
  ]);

  const hours: HourOfCalls[] = [];
  for (let h = dayStart.getTime(); h <= now.getTime(); h += HOUR_MS) hours.push({ hour: new Date(h), byKind: {} });
  const byKind: Partial<Record<CallKind, number>> = {};
  for (const row of perHour) {
    const calls = row._sum.calls ?? 0;
    const slot = hours[Math.floor((row.hour.getTime() - dayStart.getTime()) / HOUR_MS)];
    if (slot) slot.byKind[row.kind] = (slot.byKind[row.kind] ?? 0) + calls;
    byKind[row.kind] = (byKind[row.kind] ?? 0) + calls;
  }
  return {
    budget: {
      dailyBudget,
      backgroundCap: dailyCaps(dailyBudget).background,
      usedToday: Object.values(byKind).reduce((a, b) => a + b, 0),
      byKind,
    },
    hours,
    pushPlan,
    topBusinesses: top,
    needsAttention: attention.map((c) => ({
      businessId: c.businessId,
      provider: c.provider,
      name: c.business.name,
      status: c.status,
      lastError: c.lastError,
      pausedUntil: c.quotaPausedUntil && c.quotaPausedUntil > now ? c.quotaPausedUntil : null,
    })),
    oldestPendingChange: oldest[0] ?? null,
    changeToListP95: { lastHour: changeHour, lastDay: changeDay },
    unsubscribeStalenessP95: { lastHour: staleHour, lastDay: staleDay },
  };
}

/**
 * Clients put in the list since `since`: from their last change to the import's record. Only changes made after
 * the business chose its list count (a first full sync of old clients measures the sync, not a change's wait).
 */
async function changeToListP95(since: Date): Promise<number | null> {
  const [row] = await db.$queryRaw<{ p95: number | null }[]>`
    SELECT percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM s."lastSentAt" - c."updatedAt"))::float AS p95
    FROM "ClientSyncState" s
    JOIN "Connection" k ON k.id = s."connectionId"
    JOIN "Client" c ON c.id = s."clientId"
      AND NOT EXISTS (SELECT 1 FROM "ClientSyncPending" p WHERE p."connectionId" = k.id AND p."clientId" = c.id)
    WHERE s.status = 'SYNCED' AND s."lastSentAt" >= ${since} AND c."updatedAt" >= k."listChosenAt"`;
  return row?.p95 ?? null;
}

/** Unsubscribes applied since `since`: from the opt-out in a provider to the audited change here. */
async function unsubscribeStalenessP95(since: Date): Promise<number | null> {
  const [row] = await db.$queryRaw<{ p95: number | null }[]>`
    SELECT percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM a."createdAt" - c."unsubscribedAt"))::float AS p95
    FROM "AuditLog" a
    JOIN "Client" c ON c.id::text = a."targetId" AND c."businessId" = a."businessId"
    WHERE a.action = 'client.consent_changed' AND a."createdAt" >= ${since} AND a.details->>'source' IN ('CONSTANT_CONTACT', 'MAILCHIMP')
      AND c."unsubscribedAt" IS NOT NULL`;
  return row?.p95 ?? null;
}
