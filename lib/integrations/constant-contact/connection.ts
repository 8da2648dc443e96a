import "server-only";
// A business's Constant Contact connection, step by step as the vendor article has it: Connect Business (OAuth with
// `state` and PKCE) → Choose list → Save; the X and OK to disconnect. The steps every provider shares (storing the
// account, saving the list, ending the connection) are lib/integrations/connections.ts; this module adds what is
// said to Constant Contact.
import { z } from "zod";
import type { BusinessContext } from "../../auth/business-context";
import { UserFacingError } from "../../errors";
import {
  assertCanManageIntegration,
  canManageIntegration,
  chooseSegmentFields as chooseSegmentFieldsOf,
  connectionOverview as connectionOverviewOf,
  endConnection,
  saveChosenList,
  saveConnectedAccount,
  usableConnection,
  type ChooseSegmentFieldsInput,
  type ConnectionOverview,
} from "../connections";
import { consumeOAuthState, createOAuthState } from "../oauth-state";
import { createCcClient } from "./api-client";
import { ccClientForConnection } from "./client-for-connection";
import { ccConfig, type CcConfig } from "./config";
import type { ConnectErrorCode } from "../connect-errors";
import { CcBadRequestError, CcBudgetError, CcNotFoundError, CcOAuthError, CcRateLimitError } from "./errors";
import { ReconnectRequiredError } from "./errors";
import { buildAuthorizationUrl, exchangeAuthorizationCode, revokeToken, type TokenSet } from "./oauth";
import type { CallGate } from "./platform-limiter";
import { isSupportedRegion, REGION_MESSAGE } from "./region";
import type { AccountSummary, ContactList } from "./schemas";
import { staticTokenSource } from "./tokens";

const PROVIDER = "CONSTANT_CONTACT" as const;

type Deps = { config?: CcConfig; pacer?: CallGate };

export function connectionOverview(ctx: BusinessContext): Promise<ConnectionOverview> {
  return connectionOverviewOf(ctx, PROVIDER, isSupportedRegion(ctx.countryCode));
}

export function chooseSegmentFields(ctx: BusinessContext, input: ChooseSegmentFieldsInput) {
  return chooseSegmentFieldsOf(ctx, PROVIDER, input);
}

/** Connect Business / Reconnect: a new single-use state, then CC's login page (the caller redirects there). */
export async function startConnect(
  ctx: BusinessContext,
  config: CcConfig = ccConfig(),
): Promise<{ authorizeUrl: string }> {
  assertCanManageIntegration(ctx, PROVIDER);
  if (!isSupportedRegion(ctx.countryCode)) throw new UserFacingError(REGION_MESSAGE);
  const { state, codeVerifier } = await createOAuthState({
    provider: PROVIDER,
    businessId: ctx.businessId,
    userId: ctx.user.id,
    impersonatorUserId: ctx.actor.impersonator?.userId ?? null,
  });
  return { authorizeUrl: (await buildAuthorizationUrl({ state, codeVerifier: codeVerifier! }, config)).toString() };
}

export type CompleteConnectResult =
  { ok: true; status: "NEEDS_LIST" | "ACTIVE" } | { ok: false; error: ConnectErrorCode };

/**
 * The OAuth callback: state → code exchange → account summary → one stored connection. Any failure leaves nothing
 * half-made: nothing is written before CC has answered everything, and an earlier connection stays as it was.
 */
export async function completeConnect(
  ctx: BusinessContext,
  params: URLSearchParams,
  deps: Deps = {},
): Promise<CompleteConnectResult> {
  const config = deps.config ?? ccConfig();
  if (!canManageIntegration(ctx)) return { ok: false, error: "forbidden" };
  if (!isSupportedRegion(ctx.countryCode)) return { ok: false, error: "region" };
  const state = params.get("state");
  if (!state) return { ok: false, error: "state_invalid" };
  const consumed = await consumeOAuthState({
    state,
    provider: PROVIDER,
    userId: ctx.user.id,
    businessId: ctx.businessId,
  });
  if (!consumed.ok) return { ok: false, error: consumed.problem };
  if (params.has("error"))
    return { ok: false, error: params.get("error") === "access_denied" ? "denied" : "provider_error" };

  let tokens: TokenSet;
  try {
    tokens = await exchangeAuthorizationCode(
      { callbackParams: params, expectedState: state, codeVerifier: consumed.codeVerifier ?? "" },
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

  const saved = await saveConnectedAccount(ctx, {
    provider: PROVIDER,
    accountId: summary.encoded_account_id,
    accountName: summary.organization_name ?? summary.contact_email ?? summary.encoded_account_id,
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    accessTokenExpiresAt: tokens.expiresAt,
    scopes: tokens.scope,
  });
  // The replaced grant ends at Constant Contact (refresh tokens rotate: the old one is of no use to anyone).
  if (saved.replaced?.refreshToken) await revokeToken(saved.replaced.refreshToken, config, "refresh_token");
  return { ok: true, status: saved.status };
}

export const ChooseListInput = z.object({ listId: z.string().trim().min(1, "Choose a list.").max(100) });
export type ChooseListInput = z.infer<typeof ChooseListInput>;

export type ContactListChoice = { listId: string; name: string; memberCount: number | null };

/** Turns CC failures into messages for the dialog (the details go to the log, without tokens). */
function userFacing(error: unknown): never {
  if (error instanceof UserFacingError) throw error;
  if (error instanceof ReconnectRequiredError)
    throw new UserFacingError("Constant Contact needs to be reconnected before you can choose a list.");
  if (error instanceof CcNotFoundError || error instanceof CcBadRequestError)
    throw new UserFacingError("That list no longer exists in Constant Contact. Choose another one.");
  if (error instanceof CcBudgetError || (error instanceof CcRateLimitError && error.kind === "quota_exceeded"))
    throw new UserFacingError("Constant Contact's daily limit is reached. Try again after midnight UTC.");
  console.warn("Constant Contact lists could not be read", error instanceof Error ? error.message : error);
  throw new UserFacingError("Constant Contact could not be reached. Try again in a moment.");
}

/** The account's contact lists for the Choose list dialog (all pages), sorted by name. */
export async function contactListsForBusiness(ctx: BusinessContext, deps: Deps = {}): Promise<ContactListChoice[]> {
  assertCanManageIntegration(ctx, PROVIDER);
  const connection = await usableConnection(ctx, PROVIDER);
  let lists: ContactList[];
  try {
    lists = await ccClientForConnection(connection.id, {
      ...deps,
      purpose: { kind: "INTERACTIVE", businessId: ctx.businessId },
    }).listContactLists();
  } catch (error) {
    userFacing(error);
  }
  return lists
    .map((l) => ({ listId: l.list_id, name: l.name, memberCount: l.membership_count ?? null }))
    .sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: "base" }));
}

/**
 * Save in the Choose list dialog. The list is looked up at CC (it must exist in the connected account); a new list
 * bumps the generation so every opted-in client is sent to it. The old list is left as it is.
 */
export async function chooseList(
  ctx: BusinessContext,
  input: ChooseListInput,
  deps: Deps = {},
): Promise<{ listId: string; listName: string; changed: boolean }> {
  assertCanManageIntegration(ctx, PROVIDER);
  const connection = await usableConnection(ctx, PROVIDER);
  let list: ContactList;
  try {
    list = await ccClientForConnection(connection.id, {
      ...deps,
      purpose: { kind: "INTERACTIVE", businessId: ctx.businessId },
    }).getContactList(input.listId);
  } catch (error) {
    userFacing(error);
  }
  const { changed } = await saveChosenList(ctx, connection.id, PROVIDER, { id: list.list_id, name: list.name });
  return { listId: list.list_id, listName: list.name, changed };
}

/**
 * X → OK: the connection ends on our side (lib/integrations/connections.ts), then the grant is revoked at CC (best
 * effort: the tokens are gone from our side whatever CC answers).
 */
export async function disconnectConnection(
  ctx: BusinessContext,
  config: CcConfig = ccConfig(),
): Promise<{ disconnected: boolean }> {
  const ended = await endConnection(ctx, PROVIDER);
  if (!ended) return { disconnected: false };
  // Revoking the refresh token ends the grant; the access token is revoked too in case CC keeps it alive.
  if (ended.refreshToken) await revokeToken(ended.refreshToken, config, "refresh_token");
  if (ended.accessToken) await revokeToken(ended.accessToken, config, "access_token");
  return { disconnected: true };
}
