import type { BusinessScope } from "../../auth/business-context";
import { pendingFor } from "../../clients/mark-sync-pending";
import { db } from "../../db";
import type { ClientSyncStatus, ConnectionStatus, Provider } from "../../generated/prisma/client";
import { PROVIDER_WORDS } from "../../provider-words";
import { connectionPullInterval } from "../pull";
import { currentPushPlan } from "../push-pace";
import { liveRunWhere } from "../runs";

/**
 * Everything the sync status panel of one connection shows, from indexed queries only (Client(businessId, newsOptIn),
 * ClientSyncPending(connectionId, clientId), Client(businessId, emailNormalized), ClientSyncState(connectionId,
 * status)): counts stay fast at 100,000 clients. Polled by the browser while a run is in progress.
 */
export type SyncStatus = {
  provider: Provider;
  connection: { status: ConnectionStatus; listName: string | null; accountName: string | null } | null;
  /** With quota_paused, `resumesAt` is when: the page writes it in the business's zone after the message. */
  attention: { kind: "reconnect" | "choose_list" | "quota_paused"; message: string; resumesAt?: string } | null;
  lastSuccessfulSyncAt: string | null;
  /** When the provider's bounces were last read (null: never, or a provider whose bounces come with unsubscribes). */
  bouncesCheckedAt: string | null;
  /** Times are instants (ISO); the browser writes them in `timeZone`, relative to `checkedAt` (the server's clock). */
  nextWork:
    | {
        pendingChanges: number;
        /** Of the pending, those a push sent on a batching day: the provider's answer is read with the next pull. */
        sentAwaitingAnswer: number;
        unsubscribeCheckAt: string | "due";
      }
    | { resumesAt: string }
    | null;
  /**
   * When the day's push plan batches changes (push-plan.ts): the planned minutes between this connection's pushes
   * today; null when changes go after the debounce.
   */
  changesSentEveryMinutes: number | null;
  counts: {
    inList: number;
    pending: number;
    failed: number;
    notOptedIn: number;
    unsubscribedInProvider: number;
    withoutEmail: number;
    /** Clients whose current address bounced in the provider. */
    bouncing: number;
  };
  running: {
    runId: string;
    kind: string;
    phase: string | null;
    /** Posted to the provider so far, of `total`; `confirmed` of them the provider has finished taking in. */
    sent: number;
    confirmed: number;
    total: number;
    activityPercent: number;
    startedAt: string;
  } | null;
  timeZone: string;
  checkedAt: string;
};

export async function syncStatus(
  { businessId }: BusinessScope,
  provider: Provider,
  now = new Date(),
): Promise<SyncStatus> {
  const connection = await db.connection.findUnique({
    where: { businessId_provider: { businessId, provider } },
    select: {
      id: true,
      provider: true,
      status: true,
      listName: true,
      accountName: true,
      lastSyncedAt: true,
      quotaPausedUntil: true,
      lastUnsubscribePullAt: true,
      lastBouncePullAt: true,
    },
  });
  // Without a connection nothing is counted per connection (an id that matches no row).
  const connectionId = connection?.id ?? "00000000-0000-0000-0000-000000000000";
  const [business, byStatus, pending, notOptedIn, withoutEmail, bouncing, running, awaiting] = await Promise.all([
    db.business.findUniqueOrThrow({ where: { id: businessId }, select: { timeZone: true } }),
    db.clientSyncState.groupBy({ by: ["status"], where: { connectionId }, _count: { _all: true } }),
    db.client.count({
      where: { businessId, ...pendingFor(connectionId), newsOptIn: true, emailNormalized: { not: null } },
    }),
    db.client.count({ where: { businessId, newsOptIn: false } }),
    db.client.count({ where: { businessId, emailNormalized: null } }),
    db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM "EmailBounce" e
      JOIN "Client" c ON c."businessId" = ${businessId}::uuid AND c."emailNormalized" = e.email
      WHERE e."connectionId" = ${connectionId}::uuid`.then((rows) => rows[0]?.n ?? 0),
    db.syncRun.findFirst({
      // A run without a live lease has no executor (a crash): it is not shown as in progress, or polled for.
      where: { connectionId, ...liveRunWhere(now), kind: { not: "UNSUBSCRIBE_PULL" } },
      orderBy: { startedAt: "desc" },
      select: {
        id: true,
        kind: true,
        phase: true,
        sent: true,
        added: true,
        updated: true,
        failed: true,
        skipped: true,
        total: true,
        activityPercent: true,
        startedAt: true,
      },
    }),
    db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM "ClientSyncState" s
      WHERE s."connectionId" = ${connectionId}::uuid AND s."inFlightBatchId" IN (
        SELECT unnest(r."awaitingBatchIds") FROM "SyncRun" r
        WHERE r."connectionId" = ${connectionId}::uuid AND r.status = 'SENT')`.then((rows) => rows[0]?.n ?? 0),
  ]);
  const count = (status: ClientSyncStatus) => byStatus.find((s) => s.status === status)?._count._all ?? 0;
  const active = connection && connection.status !== "DISCONNECTED" ? connection : null;
  return {
    provider,
    connection: active ? { status: active.status, listName: active.listName, accountName: active.accountName } : null,
    attention: attentionOf(active, now),
    lastSuccessfulSyncAt: active?.lastSyncedAt?.toISOString() ?? null,
    bouncesCheckedAt: active?.lastBouncePullAt?.toISOString() ?? null,
    nextWork: active?.status === "ACTIVE" ? await nextWork(active, pending, awaiting, now) : null,
    changesSentEveryMinutes: active?.status === "ACTIVE" ? await batchingOf(active.provider, now) : null,
    counts: {
      inList: count("SYNCED"),
      pending,
      failed: count("FAILED"),
      notOptedIn,
      unsubscribedInProvider: count("UNSUBSCRIBED_IN_PROVIDER"),
      withoutEmail,
      bouncing,
    },
    running: running
      ? {
          runId: running.id,
          kind: running.kind,
          phase: running.phase,
          sent: running.sent,
          confirmed: running.added + running.updated + running.failed + running.skipped,
          total: running.total,
          activityPercent: running.activityPercent,
          startedAt: running.startedAt.toISOString(),
        }
      : null,
    timeZone: business.timeZone,
    checkedAt: now.toISOString(),
  };
}

type ConnectionRow = {
  provider: Provider;
  status: ConnectionStatus;
  quotaPausedUntil: Date | null;
  lastUnsubscribePullAt: Date | null;
};

/** What the owner must do about the connection, if anything (a disconnected business has nothing to attend to). */
export function attentionOf(connection: ConnectionRow | null, now: Date): SyncStatus["attention"] {
  if (!connection || connection.status === "DISCONNECTED") return null;
  const { name, list } = PROVIDER_WORDS[connection.provider];
  if (connection.status === "NEEDS_RECONNECT")
    return {
      kind: "reconnect",
      message: `${name} needs to be reconnected. Changes are kept and sent after reconnecting.`,
    };
  if (connection.status === "NEEDS_LIST")
    return { kind: "choose_list", message: `Choose the ${name} ${list} to keep in sync.` };
  if (connection.quotaPausedUntil && connection.quotaPausedUntil > now) {
    return {
      kind: "quota_paused",
      message: `${name}'s daily request limit is reached; syncing resumes`,
      resumesAt: connection.quotaPausedUntil.toISOString(),
    };
  }
  return null;
}

async function batchingOf(provider: Provider, now: Date): Promise<number | null> {
  const plan = await currentPushPlan(provider, now);
  return plan && plan.waitMinutes > plan.debounceMinutes ? plan.waitMinutes : null;
}

async function nextWork(
  connection: ConnectionRow & { id: string },
  pending: number,
  awaiting: number,
  now: Date,
): Promise<NonNullable<SyncStatus["nextWork"]>> {
  if (connection.quotaPausedUntil && connection.quotaPausedUntil > now)
    return { resumesAt: connection.quotaPausedUntil.toISOString() };
  const interval = await connectionPullInterval(connection, now);
  const nextPull =
    connection.lastUnsubscribePullAt && interval !== null
      ? new Date(connection.lastUnsubscribePullAt.getTime() + interval * 60_000)
      : now;
  return {
    pendingChanges: Math.max(0, pending - awaiting),
    sentAwaitingAnswer: Math.min(pending, awaiting),
    unsubscribeCheckAt: nextPull <= now ? "due" : nextPull.toISOString(),
  };
}
