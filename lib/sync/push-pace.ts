// The push plan of right now (push-plan.ts) from the database: the day's ledger, the connections that pushed lately
// or have changes waiting, and what their pushes cost. Read by the push job before a change-driven run (the plan of
// the minute, shared by the app's processes), by the integration page's status and by the support console's Platform
// page.
import { z } from "zod";
import { db } from "../db";
import { jobsEnv } from "../env";
import type { Provider } from "../generated/prisma/client";
import { callsToday } from "../integrations/call-ledger";
import type { PushRequest } from "../jobs/events";
import { adapterFor } from "./providers";
import { planPushWait, remainingWaitMs, type ConnectionPace, type PushPlan } from "./push-plan";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

function minutesIntoDay(now: Date): number {
  return (now.getTime() - Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())) / 60_000;
}

/**
 * The plan of a provider's connections now; null for a provider without a daily budget (Mailchimp), whose changes
 * wait only the debounce.
 */
export async function currentPushPlan(provider: Provider, now = new Date()): Promise<PushPlan | null> {
  if (!adapterFor(provider).pullsWithinDailyBudget) return null;
  const dayAgo = new Date(now.getTime() - DAY_MS);
  const hourAgo = new Date(now.getTime() - HOUR_MS);
  const [today, runs, waiting] = await Promise.all([
    callsToday(db, provider, now),
    // Every push run counts toward a connection's pace; the cost per push is that of change-driven ones.
    db.$queryRaw<
      { connectionId: string; pushesLastDay: number; pushesLastHour: number; deltaCalls: number; deltaRuns: number }[]
    >`
      SELECT r."connectionId", count(*)::int AS "pushesLastDay",
        count(*) FILTER (WHERE r."startedAt" >= ${hourAgo})::int AS "pushesLastHour",
        coalesce(sum(r."apiCalls") FILTER (WHERE r.kind = 'DELTA' AND r."finishedAt" IS NOT NULL), 0)::int AS "deltaCalls",
        count(*) FILTER (WHERE r.kind = 'DELTA' AND r."finishedAt" IS NOT NULL)::int AS "deltaRuns"
      FROM "SyncRun" r JOIN "Connection" k ON k.id = r."connectionId"
      WHERE r."startedAt" >= ${dayAgo} AND r."startedAt" <= ${now} AND r.kind <> 'UNSUBSCRIBE_PULL'
        AND k.provider = ${provider}::"Provider"
      GROUP BY r."connectionId"`,
    db.$queryRaw<{ id: string }[]>`
      SELECT k.id FROM "Connection" k
      WHERE k.provider = ${provider}::"Provider" AND k.status = 'ACTIVE' AND k."listId" IS NOT NULL
        AND EXISTS (SELECT 1 FROM "ClientSyncPending" p WHERE p."connectionId" = k.id)`,
  ]);
  const waitingNow = new Set(waiting.map((w) => w.id));
  const pushed = new Set(runs.map((r) => r.connectionId));
  const connections: ConnectionPace[] = [
    ...runs.map((r) => ({ ...r, waiting: waitingNow.has(r.connectionId) })),
    ...[...waitingNow]
      .filter((id) => !pushed.has(id))
      .map(() => ({ pushesLastDay: 0, pushesLastHour: 0, waiting: true })),
  ];
  const deltaRuns = runs.reduce((sum, r) => sum + r.deltaRuns, 0);
  return planPushWait({
    dailyBudget: jobsEnv().CC_DAILY_CALL_BUDGET,
    usedToday: today.total,
    minutesIntoDay: minutesIntoDay(now),
    debounceMinutes: jobsEnv().SYNC_DEBOUNCE_SECONDS / 60,
    stepMinutes: jobsEnv().SYNC_PLAN_STEP_SECONDS / 60,
    callsPerPush: deltaRuns > 0 ? runs.reduce((sum, r) => sum + r.deltaCalls, 0) / deltaRuns : undefined,
    connections,
  });
}

/**
 * A plan serves for this long: it moves with the day's calls and its changers, slowly (the day simulation makes it
 * once a minute), and a change-driven push asks for it every time, so a busy platform made it for nearly every push.
 */
const PLAN_REUSE_MS = 60_000;

/**
 * The plans this process made or read, by provider: a push asks for its provider's plan at every start. Exported so
 * a test can empty it and play another process.
 */
export const processPlans = new Map<Provider, { madeAt: number; plan: PushPlan | null }>();

/** What the database holds as a plan (our own JSON, checked at the boundary all the same). */
const StoredPlan = z.object({
  waitMinutes: z.number(),
  debounceMinutes: z.number(),
  backgroundBudget: z.number(),
  target: z.number(),
  projectedCalls: z.number(),
});

/**
 * The provider's plan of the minute: this process's copy, else the one another process made within the minute
 * (PushPlanOfTheMinute, one row per provider), else made now and shared. One aggregate of the day's push runs a
 * minute for the whole platform, not one per process: when the row is a minute old, the process that moves its time
 * first makes the next plan, and the others keep the last one meanwhile (a plan moves slowly). Calls in one process
 * while it reads or makes the plan wait for that one. A `now` more than a minute from a plan's makes it again
 * (another process's clock may be a little behind the maker's, hence both directions).
 */
export async function planOfTheMinute(provider: Provider, now: Date): Promise<PushPlan | null> {
  const recent = processPlans.get(provider);
  if (recent && isFresh(recent.madeAt, now)) return recent.plan;
  // A provider without a daily budget has no plan, and nothing to share.
  if (!adapterFor(provider).pullsWithinDailyBudget) return null;
  let pending = planning.get(provider);
  if (!pending) {
    pending = sharedPlan(provider, now).finally(() => planning.delete(provider));
    planning.set(provider, pending);
  }
  return pending;
}

const planning = new Map<Provider, Promise<PushPlan | null>>();

const isFresh = (madeAt: number, now: Date) => Math.abs(now.getTime() - madeAt) < PLAN_REUSE_MS;

async function sharedPlan(provider: Provider, now: Date): Promise<PushPlan | null> {
  const keep = (madeAt: Date, plan: PushPlan | null) => {
    processPlans.set(provider, { madeAt: madeAt.getTime(), plan });
    return plan;
  };
  const shared = await db.pushPlanOfTheMinute.findUnique({ where: { provider } });
  const stored = shared ? StoredPlan.safeParse(shared.plan) : null;
  if (shared && stored?.success) {
    if (isFresh(shared.madeAt.getTime(), now)) return keep(shared.madeAt, stored.data);
    // A minute old: whoever moves its time first makes the next one; the others keep this one for the minute.
    const claimed = await db.pushPlanOfTheMinute.updateMany({
      where: { provider, madeAt: shared.madeAt },
      data: { madeAt: now },
    });
    if (claimed.count === 0) return keep(now, stored.data);
  }
  const plan = await currentPushPlan(provider, now);
  if (plan)
    await db.pushPlanOfTheMinute.upsert({
      where: { provider },
      create: { provider, madeAt: now, plan },
      update: { madeAt: now, plan },
      select: { provider: true },
    });
  return keep(now, plan);
}

/**
 * How long a push asked for by client changes waits before it starts: what is left of the plan's wait since the
 * connection's last push run started. A person's request (Sync now, a list saved, reconnecting) never waits.
 */
export async function waitBeforePush(request: PushRequest, now = new Date()): Promise<number> {
  if (request.trigger !== "CLIENT_CHANGE") return 0;
  const last = await db.syncRun.findFirst({
    where: { businessId: request.businessId, connectionId: request.connectionId, kind: { not: "UNSUBSCRIBE_PULL" } },
    orderBy: { startedAt: "desc" },
    select: { startedAt: true, connection: { select: { provider: true } } },
  });
  // No plan is longer than a day: a connection that has not pushed within one goes at once, without reading the
  // platform's day (most businesses edit a few times a day at most, and every change-driven push asks).
  if (!last || now.getTime() - last.startedAt.getTime() >= DAY_MS) return 0;
  const plan = await planOfTheMinute(last.connection.provider, now);
  if (!plan) return 0;
  return remainingWaitMs({
    plan,
    sinceLastPushMinutes: (now.getTime() - last.startedAt.getTime()) / 60_000,
    minutesIntoDay: minutesIntoDay(now),
  });
}
