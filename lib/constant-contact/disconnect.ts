import "server-only";
import { ALERT_KINDS } from "../alerts/alert-kinds";
import { resolveIncident } from "../alerts/incidents";
import type { BusinessContext } from "../auth/business-context";
import { recordAudit } from "../audit";
import { db } from "../db";
import { announceDisconnect } from "../jobs/request-sync";
import { ccConfig, type CcConfig } from "./config";
import { lockConnection, openToken } from "./connection-token-store";
import { revokeToken } from "./oauth";
import { assertCanManageIntegration } from "./permissions";

/**
 * X → OK. Under the row lock (so no refresh can rotate the tokens meanwhile): wipe the tokens, status
 * DISCONNECTED, cancel the business's running SyncRuns, audit. After commit: tell running syncs to stop, and revoke
 * the tokens at CC (best effort: the tokens are gone from our side whatever CC answers). History is kept.
 */
export async function disconnectConnection(
  ctx: BusinessContext,
  config: CcConfig = ccConfig(),
): Promise<{ disconnected: boolean }> {
  assertCanManageIntegration(ctx);
  const connection = await db.constantContactConnection.findUnique({
    where: { businessId: ctx.businessId },
    select: { id: true },
  });
  if (!connection) return { disconnected: false };
  const tokens = await db.$transaction(async (tx) => {
    await lockConnection(tx, connection.id);
    const row = await tx.constantContactConnection.findUnique({
      where: { id: connection.id },
      omit: { accessTokenEnc: false, refreshTokenEnc: false },
    });
    if (!row || row.status === "DISCONNECTED") return null;
    const now = new Date();
    await tx.constantContactConnection.update({
      where: { id: row.id },
      data: {
        status: "DISCONNECTED",
        accessTokenEnc: null,
        refreshTokenEnc: null,
        accessTokenExpiresAt: null,
        disconnectedAt: now,
        lastError: null,
      },
    });
    // Nothing to reconnect any more: open incidents end without a "back to normal" (nothing is syncing).
    for (const kind of ALERT_KINDS) await resolveIncident(tx, { businessId: ctx.businessId, kind, notify: false });
    const cancelled = await tx.syncRun.updateMany({
      where: { businessId: ctx.businessId, status: "RUNNING" },
      data: { status: "CANCELLED", finishedAt: now, error: "Constant Contact was disconnected." },
    });
    await recordAudit(
      {
        action: "integration.disconnected",
        actor: ctx.actor,
        businessId: ctx.businessId,
        target: { type: "ConstantContactConnection", id: row.id },
        details: {
          ccAccountId: row.ccAccountId ?? "",
          ccAccountName: row.ccAccountName ?? "",
          listId: row.listId ?? "",
          listName: row.listName ?? "",
          previousStatus: row.status,
          cancelledRuns: cancelled.count,
        },
      },
      tx,
    );
    const open = (sealed: string | null) => {
      try {
        return sealed ? openToken(sealed, row.id) : null;
      } catch {
        return null;
      }
    };
    return { access: open(row.accessTokenEnc), refresh: open(row.refreshTokenEnc) };
  });
  if (!tokens) return { disconnected: false };
  await announceDisconnect(ctx.businessId);
  // Revoking the refresh token ends the grant; the access token is revoked too in case CC keeps it alive.
  if (tokens.refresh) await revokeToken(tokens.refresh, config, "refresh_token");
  if (tokens.access) await revokeToken(tokens.access, config, "access_token");
  return { disconnected: true };
}
