import "server-only";
import { randomUUID } from "node:crypto";
import type { BusinessContext } from "../auth/business-context";
import { recordAudit } from "../audit";
import { db } from "../db";
import { requestSync } from "../jobs/request-sync";
import { createCcClient } from "./api-client";
import { ccConfig, type CcConfig } from "./config";
import type { ConnectErrorCode } from "./connect-errors";
import { lockConnection, openToken, sealToken } from "./connection-token-store";
import { CcOAuthError } from "./errors";
import { exchangeAuthorizationCode, revokeToken, type TokenSet } from "./oauth";
import { consumeOAuthState } from "./oauth-state";
import { canManageIntegration } from "./permissions";
import type { CallGate } from "./rate-limiter";
import { isSupportedRegion } from "./region";
import type { AccountSummary } from "./schemas";
import { staticTokenSource } from "./tokens";
import { resolveIncident } from "../alerts/incidents";
import { requestMailDelivery } from "../jobs/request-mail";

export type CompleteConnectResult =
  { ok: true; status: "NEEDS_LIST" | "ACTIVE" } | { ok: false; error: ConnectErrorCode };

/**
 * The OAuth callback: state → code exchange → account summary → one stored connection. Any failure leaves nothing
 * half-made: nothing is written before CC has answered everything, and an earlier connection stays as it was.
 */
export async function completeConnect(
  ctx: BusinessContext,
  params: URLSearchParams,
  deps: { config?: CcConfig; pacer?: CallGate } = {},
): Promise<CompleteConnectResult> {
  const config = deps.config ?? ccConfig();
  if (!canManageIntegration(ctx)) return { ok: false, error: "forbidden" };
  if (!isSupportedRegion(ctx.countryCode)) return { ok: false, error: "region" };
  const state = params.get("state");
  if (!state) return { ok: false, error: "state_invalid" };
  const consumed = await consumeOAuthState({ state, userId: ctx.user.id, businessId: ctx.businessId });
  if (!consumed.ok) return { ok: false, error: consumed.problem };
  if (params.has("error")) return { ok: false, error: params.get("error") === "access_denied" ? "denied" : "cc_error" };

  let tokens: TokenSet;
  try {
    tokens = await exchangeAuthorizationCode(
      { callbackParams: params, expectedState: state, codeVerifier: consumed.codeVerifier },
      config,
    );
  } catch (error) {
    console.warn(
      `Constant Contact code exchange failed for business ${ctx.businessId}: ${error instanceof CcOAuthError ? error.message : (error as Error).name}`,
    );
    return { ok: false, error: "exchange_failed" };
  }
  if (!tokens.refreshToken) {
    // Without offline_access we could not sync in the background: refuse rather than half-connect.
    await revokeToken(tokens.accessToken, config, "access_token");
    return { ok: false, error: "exchange_failed" };
  }

  let summary: AccountSummary;
  try {
    const client = createCcClient({
      tokens: staticTokenSource(tokens.accessToken),
      apiBaseUrl: config.apiBaseUrl,
      purpose: { kind: "INTERACTIVE", businessId: ctx.businessId },
      pacer: deps.pacer,
      maxRetries: 2,
    });
    summary = await client.getAccountSummary();
  } catch (error) {
    console.warn(
      `Reading the Constant Contact account summary failed for business ${ctx.businessId}: ${(error as Error).message}`,
    );
    await revokeToken(tokens.refreshToken, config, "refresh_token");
    return { ok: false, error: "account_failed" };
  }

  const saved = await saveConnection(ctx, tokens, summary);
  await requestMailDelivery(saved.alerts);
  if (saved.replacedRefreshToken) await revokeToken(saved.replacedRefreshToken, config, "refresh_token");
  if (saved.status === "ACTIVE") await requestSync(ctx.businessId, "RECONNECTED");
  return { ok: true, status: saved.status };
}

/** One connection row per business: created on first connect, reused on every reconnect. */
async function saveConnection(ctx: BusinessContext, tokens: TokenSet, summary: AccountSummary) {
  const now = new Date();
  return db.$transaction(async (tx) => {
    const existing = await tx.constantContactConnection.findUnique({
      where: { businessId: ctx.businessId },
      select: { id: true },
    });
    if (existing) await lockConnection(tx, existing.id);
    const previous = existing
      ? await tx.constantContactConnection.findUnique({ where: { id: existing.id }, omit: { refreshTokenEnc: false } })
      : null;
    const id = previous?.id ?? randomUUID();
    const sameAccount = previous?.ccAccountId === summary.encoded_account_id;
    // Same CC account with a list chosen before: keep it. Another account: its lists differ, choose again.
    const keepList = !!previous && sameAccount && !!previous.listId;
    const status = keepList ? ("ACTIVE" as const) : ("NEEDS_LIST" as const);
    const data = {
      status,
      ccAccountId: summary.encoded_account_id,
      ccAccountName: summary.organization_name ?? summary.contact_email ?? summary.encoded_account_id,
      scopes: tokens.scope,
      accessTokenEnc: sealToken(tokens.accessToken, id),
      refreshTokenEnc: sealToken(tokens.refreshToken!, id),
      accessTokenExpiresAt: tokens.expiresAt,
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
      await tx.constantContactConnection.update({ where: { id }, data: { ...data, syncGeneration: { increment: 1 } } });
    } else {
      await tx.constantContactConnection.create({ data: { id, businessId: ctx.businessId, ...data } });
    }
    await recordAudit(
      {
        action: "integration.connected",
        actor: ctx.actor,
        businessId: ctx.businessId,
        target: { type: "ConstantContactConnection", id },
        details: {
          ccAccountId: data.ccAccountId,
          ccAccountName: data.ccAccountName,
          reconnect: !!previous,
          ...(previous ? { previousStatus: previous.status, sameAccount, listKept: keepList } : {}),
        },
      },
      tx,
    );
    const replacedRefreshToken = previous?.refreshTokenEnc ? safeOpen(previous.refreshTokenEnc, id) : null;
    // Reconnected: the "needs reconnecting" incident ends, and whoever was told hears it is back to normal.
    const alerts = await resolveIncident(tx, { businessId: ctx.businessId, kind: "RECONNECT_NEEDED" });
    return { status, replacedRefreshToken, alerts };
  });
}

function safeOpen(sealed: string, id: string): string | null {
  try {
    return openToken(sealed, id);
  } catch {
    return null;
  }
}
