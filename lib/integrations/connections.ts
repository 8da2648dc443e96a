import "server-only";
// A business's connections, whichever the provider: who may change them, what their page shows, and the steps every
// provider's connect, choose-list, segment choice and disconnect share (locking, generations, audit, alerts). Each
// provider's folder adds only what it says to its provider (OAuth, reading lists, revoking).
import { z } from "zod";
import { ALERT_KINDS } from "../alerts/alert-kinds";
import { openIncident, resolveIncident } from "../alerts/incidents";
import type { BusinessContext } from "../auth/business-context";
import { ForbiddenError, UserFacingError } from "../errors";
import { recordAudit, SYSTEM_ACTOR } from "../audit";
import { markSegmentFieldPending, type SegmentChoice } from "../clients/mark-segment-pending";
import { decryptSecret, encryptSecret } from "../crypto";
import { db, type Tx } from "../db";
import type { Connection, ConnectionStatus, Provider } from "../generated/prisma/client";
import { announceDisconnect, requestPush, requestSync } from "../jobs/request-sync";
import { requestMailDelivery } from "../jobs/send-event";
import { PROVIDER_WORDS } from "../provider-words";

export const connectionKey = (businessId: string, provider: Provider) => ({
  businessId_provider: { businessId, provider },
});

/**
 * Only the owner connects, chooses the list or disconnects: a real OWNER membership, not a support user acting as
 * the business. Which provider account receives the clients' emails is the owner's decision (support once logged in
 * to another account while impersonating); staff and support see the page read-only, with Sync now and Retry.
 */
export function canManageIntegration(ctx: Pick<BusinessContext, "role" | "impersonation">): boolean {
  return ctx.role === "OWNER" && !ctx.impersonation;
}

export function assertCanManageIntegration(ctx: BusinessContext, provider: Provider = "CONSTANT_CONTACT"): void {
  const name = PROVIDER_WORDS[provider].name;
  if (ctx.impersonation)
    throw new ForbiddenError(
      `Support cannot change the ${name} connection. Only the business owner can connect, choose the ${PROVIDER_WORDS[provider].list} or disconnect.`,
    );
  if (!canManageIntegration(ctx))
    throw new ForbiddenError(`Only the business owner can change the ${name} connection.`);
}

/**
 * Tokens and secrets are encrypted with the connection id as associated data: a ciphertext copied to another row is
 * useless. (The label predates Mailchimp; changing it would orphan every stored token.)
 */
export function sealToken(token: string, connectionId: string): string {
  return encryptSecret(token, `cc-connection:${connectionId}`);
}

export function openToken(sealed: string, connectionId: string): string {
  return decryptSecret(sealed, `cc-connection:${connectionId}`);
}

/** `openToken`, or null for a ciphertext that cannot be opened (a key that was rotated away). */
export function openTokenOrNull(sealed: string | null, connectionId: string): string | null {
  try {
    return sealed ? openToken(sealed, connectionId) : null;
  } catch {
    return null;
  }
}

/** Locks the connection row until the transaction ends (refresh, disconnect and reconnect all take this lock). */
export async function lockConnection(tx: Tx, connectionId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM "Connection" WHERE id = ${connectionId}::uuid FOR UPDATE`;
}

/** What a provider's page shows: explicit fields only, so no token can ever reach the browser. */
export type ConnectionOverview = {
  businessName: string;
  regionSupported: boolean;
  canManage: boolean;
  /** A support user acting as the business: the page says why it is read-only. */
  impersonating: boolean;
  connection: {
    status: ConnectionStatus;
    accountName: string | null;
    listId: string | null;
    listName: string | null;
    listChosenAt: string | null;
    connectedAt: string | null;
    lastSyncedAt: string | null;
    /** What is sent besides name, email and city (segments in the provider). */
    sendClientType: boolean;
    sendGroups: boolean;
    segmentFieldsError: string | null;
    /** Mailchimp: whether our list webhook is registered (else unsubscribes come back by the hourly check only). */
    webhookRegistered: boolean;
  } | null;
};

export async function connectionOverview(
  ctx: BusinessContext,
  provider: Provider,
  regionSupported = true,
): Promise<ConnectionOverview> {
  const row = await db.connection.findUnique({
    where: connectionKey(ctx.businessId, provider),
    select: {
      status: true,
      accountName: true,
      listId: true,
      listName: true,
      listChosenAt: true,
      connectedAt: true,
      lastSyncedAt: true,
      sendClientType: true,
      sendGroups: true,
      segmentFieldsError: true,
      webhookId: true,
    },
  });
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    businessName: ctx.businessName,
    regionSupported,
    canManage: canManageIntegration(ctx),
    impersonating: !!ctx.impersonation,
    connection:
      row && row.status !== "DISCONNECTED"
        ? {
            status: row.status,
            accountName: row.accountName,
            listId: row.listId,
            listName: row.listName,
            listChosenAt: iso(row.listChosenAt),
            connectedAt: iso(row.connectedAt),
            lastSyncedAt: iso(row.lastSyncedAt),
            sendClientType: row.sendClientType,
            sendGroups: row.sendGroups,
            segmentFieldsError: row.segmentFieldsError,
            webhookRegistered: row.webhookId !== null,
          }
        : null,
  };
}

/** A connection that holds working tokens (connected, with or without a list), or the user is told to connect. */
export async function usableConnection(ctx: BusinessContext, provider: Provider) {
  const connection = await db.connection.findUnique({
    where: connectionKey(ctx.businessId, provider),
    select: { id: true, status: true, listId: true },
  });
  if (!connection || (connection.status !== "NEEDS_LIST" && connection.status !== "ACTIVE")) {
    const words = PROVIDER_WORDS[provider];
    throw new UserFacingError(
      `Connect ${words.name} before choosing ${words.list === "audience" ? "an" : "a"} ${words.list}.`,
    );
  }
  return connection;
}

/** The account a provider's OAuth flow connected, with its tokens (still in the clear: sealed here). */
export type ConnectedAccount = {
  provider: Provider;
  accountId: string;
  accountName: string;
  accessToken: string;
  refreshToken?: string | null;
  accessTokenExpiresAt?: Date | null;
  scopes?: string | null;
  apiEndpoint?: string | null;
};

/**
 * Stores the account a connect or reconnect reached: one row per business and provider, created on the first
 * connect and reused on every reconnect. The same account with a list chosen before keeps it (the connection is
 * active again and everything is sent again under a new generation); another account must choose again. Audited;
 * a "needs reconnecting" incident ends. Returns what the caller must clean up after commit (the replaced tokens).
 */
export async function saveConnectedAccount(ctx: BusinessContext, account: ConnectedAccount) {
  const now = new Date();
  const saved = await db.$transaction(async (tx) => {
    const existing = await tx.connection.findUnique({
      where: connectionKey(ctx.businessId, account.provider),
      select: { id: true },
    });
    if (existing) await lockConnection(tx, existing.id);
    const previous: Connection | null = existing
      ? await tx.connection.findUnique({
          where: { id: existing.id },
          omit: { accessTokenEnc: false, refreshTokenEnc: false },
        })
      : null;
    const id = previous?.id ?? crypto.randomUUID();
    const sameAccount = previous?.accountId === account.accountId;
    const keepList = !!previous && sameAccount && !!previous.listId;
    const status = keepList ? ("ACTIVE" as const) : ("NEEDS_LIST" as const);
    const data = {
      status,
      accountId: account.accountId,
      accountName: account.accountName,
      scopes: account.scopes ?? null,
      apiEndpoint: account.apiEndpoint ?? null,
      accessTokenEnc: sealToken(account.accessToken, id),
      refreshTokenEnc: account.refreshToken ? sealToken(account.refreshToken, id) : null,
      accessTokenExpiresAt: account.accessTokenExpiresAt ?? null,
      connectedByUserId: ctx.user.id,
      connectedAt: now,
      disconnectedAt: null,
      lastError: null,
      quotaPausedUntil: null,
      ...(keepList ? {} : { listId: null, listName: null, listChosenAt: null }),
      ...(sameAccount ? {} : { unsubscribeWatermark: null, lastUnsubscribePullAt: null }),
    };
    if (previous) {
      // A reconnect: everything is sent again under a new generation.
      await tx.connection.update({ where: { id }, data: { ...data, syncGeneration: { increment: 1 } } });
    } else {
      await tx.connection.create({ data: { id, businessId: ctx.businessId, provider: account.provider, ...data } });
    }
    await recordAudit(
      {
        action: "integration.connected",
        actor: ctx.actor,
        businessId: ctx.businessId,
        target: { type: "Connection", id },
        details: {
          provider: account.provider,
          accountId: data.accountId,
          accountName: data.accountName,
          reconnect: !!previous,
          ...(previous ? { previousStatus: previous.status, sameAccount, listKept: keepList } : {}),
        },
      },
      tx,
    );
    const replaced = previous
      ? {
          accessToken: openTokenOrNull(previous.accessTokenEnc, id),
          refreshToken: openTokenOrNull(previous.refreshTokenEnc, id),
        }
      : null;
    // Reconnected: the "needs reconnecting" incident ends, and whoever was told hears it is back to normal.
    const alerts = await resolveIncident(tx, {
      businessId: ctx.businessId,
      provider: account.provider,
      kind: "RECONNECT_NEEDED",
    });
    return { id, status, replaced, alerts, webhookId: previous?.webhookId ?? null };
  });
  await requestMailDelivery(saved.alerts);
  if (saved.status === "ACTIVE")
    await requestPush({ connectionId: saved.id, businessId: ctx.businessId }, "RECONNECTED");
  return saved;
}

/**
 * Save in the Choose list dialog, once the provider confirmed the list exists in the connected account. A new list
 * bumps the generation so every opted-in client is sent to it; the old list is left as it is. `onChosen` runs in the
 * transaction (Mailchimp registers its webhook first and records it here).
 */
export async function saveChosenList(
  ctx: BusinessContext,
  connectionId: string,
  provider: Provider,
  list: { id: string; name: string },
  extra: Partial<Pick<Connection, "webhookId" | "webhookSecretHash">> = {},
): Promise<{ changed: boolean }> {
  const words = PROVIDER_WORDS[provider];
  const changed = await db.$transaction(async (tx) => {
    await lockConnection(tx, connectionId);
    const current = await tx.connection.findUnique({
      where: { id: connectionId },
      select: { status: true, listId: true, listName: true },
    });
    if (!current || (current.status !== "NEEDS_LIST" && current.status !== "ACTIVE")) {
      throw new UserFacingError(
        `${words.name} was disconnected meanwhile. Connect it again to choose ${words.list === "audience" ? "an" : "a"} ${words.list}.`,
      );
    }
    const isChange = current.listId !== list.id;
    await tx.connection.update({
      where: { id: connectionId },
      data: {
        status: "ACTIVE",
        listId: list.id,
        listName: list.name,
        ...extra,
        ...(isChange ? { listChosenAt: new Date(), syncGeneration: { increment: 1 }, fieldsCheckedAt: null } : {}),
      },
    });
    if (isChange) {
      await recordAudit(
        {
          action: current.listId ? "integration.list_changed" : "integration.list_chosen",
          actor: ctx.actor,
          businessId: ctx.businessId,
          target: { type: "Connection", id: connectionId },
          details: {
            provider,
            listId: list.id,
            listName: list.name,
            ...(current.listId ? { previousListId: current.listId, previousListName: current.listName ?? "" } : {}),
          },
        },
        tx,
      );
    }
    return isChange;
  });
  await requestPush({ connectionId, businessId: ctx.businessId }, "LIST_SAVED");
  return { changed };
}

/**
 * X → OK. Under the row lock (so no refresh can rotate the tokens meanwhile): wipe the tokens, status DISCONNECTED,
 * cancel the connection's running runs, end its incidents quietly, audit. After commit, running pushes are told to
 * stop. Returns the row as it was with its tokens opened, for the provider's own cleanup (revoke the grant, delete
 * the webhook), which is best effort: the tokens are gone from our side whatever the provider answers. History is
 * kept.
 */
export async function endConnection(
  ctx: BusinessContext,
  provider: Provider,
): Promise<(Connection & { accessToken: string | null; refreshToken: string | null }) | null> {
  assertCanManageIntegration(ctx, provider);
  const connection = await db.connection.findUnique({
    where: connectionKey(ctx.businessId, provider),
    select: { id: true },
  });
  if (!connection) return null;
  const ended = await db.$transaction(async (tx) => {
    await lockConnection(tx, connection.id);
    const row = await tx.connection.findUnique({
      where: { id: connection.id },
      omit: { accessTokenEnc: false, refreshTokenEnc: false },
    });
    if (!row || row.status === "DISCONNECTED") return null;
    const now = new Date();
    await tx.connection.update({
      where: { id: row.id },
      data: {
        status: "DISCONNECTED",
        accessTokenEnc: null,
        refreshTokenEnc: null,
        accessTokenExpiresAt: null,
        webhookId: null,
        webhookSecretHash: null,
        disconnectedAt: now,
        lastError: null,
      },
    });
    // Nothing to reconnect any more: open incidents end without a "back to normal" (nothing is syncing).
    for (const kind of ALERT_KINDS)
      await resolveIncident(tx, { businessId: ctx.businessId, provider, kind, notify: false });
    const cancelled = await tx.syncRun.updateMany({
      where: { connectionId: row.id, status: { in: ["RUNNING", "SENT"] } },
      data: { status: "CANCELLED", finishedAt: now, error: `${PROVIDER_WORDS[provider].name} was disconnected.` },
    });
    await recordAudit(
      {
        action: "integration.disconnected",
        actor: ctx.actor,
        businessId: ctx.businessId,
        target: { type: "Connection", id: row.id },
        details: {
          provider,
          accountId: row.accountId ?? "",
          accountName: row.accountName ?? "",
          listId: row.listId ?? "",
          listName: row.listName ?? "",
          previousStatus: row.status,
          cancelledRuns: cancelled.count,
        },
      },
      tx,
    );
    return {
      ...row,
      accessToken: openTokenOrNull(row.accessTokenEnc, row.id),
      refreshToken: openTokenOrNull(row.refreshTokenEnc, row.id),
    };
  });
  if (ended) await announceDisconnect(ended.id);
  return ended;
}

/**
 * The connection cannot get a working token any more (a dead grant, a revoked app): status NEEDS_RECONNECT with the
 * reason, audited, and the owners hear about it once, in the same transaction as the change of status.
 */
export async function markReconnectRequired(connectionId: string, reason: string): Promise<void> {
  const alerts = await db.$transaction(async (tx) => {
    const row = await tx.connection.findUnique({
      where: { id: connectionId },
      select: { businessId: true, provider: true },
    });
    if (!row) return [];
    const changed = await tx.connection.updateMany({
      where: { id: connectionId, status: { in: ["NEEDS_LIST", "ACTIVE"] } },
      data: { status: "NEEDS_RECONNECT", lastError: reason },
    });
    if (changed.count === 0) return [];
    await recordAudit(
      {
        action: "integration.needs_reconnect",
        actor: SYSTEM_ACTOR,
        businessId: row.businessId,
        target: { type: "Connection", id: connectionId },
        details: { provider: row.provider, reason },
      },
      tx,
    );
    return openIncident(tx, { ...row, kind: "RECONNECT_NEEDED", details: { reason } });
  });
  await requestMailDelivery(alerts);
}

export const ChooseSegmentFieldsInput = z.object({ clientType: z.boolean(), groups: z.boolean() });
export type ChooseSegmentFieldsInput = z.infer<typeof ChooseSegmentFieldsInput>;

/**
 * The owner's choice of what a connection sends besides name, email and city. Who is synced does not change (only
 * clients opted in to news and updates); a field turned on is sent for every opted-in client (one pass of the usual
 * push), a field turned off is cleared wherever we sent it. Both are queued in the same transaction as the choice.
 */
export async function chooseSegmentFields(
  ctx: BusinessContext,
  provider: Provider,
  raw: ChooseSegmentFieldsInput,
): Promise<{ changed: boolean; marked: number }> {
  assertCanManageIntegration(ctx, provider);
  const input = ChooseSegmentFieldsInput.parse(raw);
  const result = await db.$transaction(async (tx) => {
    const [connection] = await tx.$queryRaw<
      { id: string; status: string; sendClientType: boolean; sendGroups: boolean }[]
    >`
      SELECT id, status, "sendClientType", "sendGroups" FROM "Connection"
      WHERE "businessId" = ${ctx.businessId}::uuid AND provider = ${provider}::"Provider" FOR UPDATE`;
    if (!connection || connection.status === "DISCONNECTED") {
      throw new UserFacingError(`Connect ${PROVIDER_WORDS[provider].name} before choosing what is sent.`);
    }
    const before: SegmentChoice = { clientType: connection.sendClientType, groups: connection.sendGroups };
    const changedKeys = (["clientType", "groups"] as const).filter((key) => before[key] !== input[key]);
    if (changedKeys.length === 0) return { changed: false, marked: 0 };
    await tx.connection.update({
      where: { id: connection.id },
      data: {
        sendClientType: input.clientType,
        sendGroups: input.groups,
        segmentFieldsError: null,
        fieldsCheckedAt: null,
      },
    });
    let marked = 0;
    const target = { connectionId: connection.id, businessId: ctx.businessId };
    for (const key of changedKeys) {
      marked += await markSegmentFieldPending(tx, target, key, input[key] ? "opted-in" : "sent");
    }
    await recordAudit(
      {
        action: "integration.segment-fields-changed",
        actor: ctx.actor,
        businessId: ctx.businessId,
        target: { type: "Connection", id: connection.id },
        details: { provider, clientType: input.clientType, groups: input.groups },
      },
      tx,
    );
    return { changed: true, marked };
  });
  if (result.marked > 0) await requestSync(ctx.businessId, "CLIENT_CHANGE");
  return result;
}
