import "server-only";
// A business's Mailchimp connection, the same steps as Constant Contact's: Connect Business (OAuth with `state`;
// Mailchimp has no PKCE) → Choose audience → Save; the X and OK to disconnect. Saving the audience registers our list
// webhook (unsubscribes come back in seconds); disconnecting deletes it and forgets the token (Mailchimp has no revoke
// endpoint: the owner removes the app under Account › Extras › Registered apps if they wish).
import { z } from "zod";
import type { BusinessContext } from "../../auth/business-context";
import { UserFacingError } from "../../errors";
import { randomToken, sha256 } from "../../crypto";
import { db } from "../../db";
import { env } from "../../env";
import type { ConnectErrorCode } from "../connect-errors";
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
import { ReconnectRequired } from "../provider";
import { accountLimiter, mcAccountKey } from "./account-limiter";
import { createMcClient } from "./api-client";
import { mcClientForConnection } from "./client-for-connection";
import { mcConfig, mcConfigOrNull, type McConfig } from "./config";
import { McApiError, McOAuthError, McUnauthorizedError } from "./errors";
import { buildAuthorizationUrl, exchangeAuthorizationCode, readMetadata } from "./oauth";

const PROVIDER = "MAILCHIMP" as const;

/** Mailchimp has no region rule: every business may connect it (when the platform has a Mailchimp app). */
export function connectionOverview(ctx: BusinessContext): Promise<ConnectionOverview> {
  return connectionOverviewOf(ctx, PROVIDER, mcConfigOrNull() !== null);
}

export function chooseSegmentFields(ctx: BusinessContext, input: ChooseSegmentFieldsInput) {
  return chooseSegmentFieldsOf(ctx, PROVIDER, input);
}

/** Connect Business / Reconnect: a new single-use state, then Mailchimp's login page (the caller redirects there). */
export async function startConnect(
  ctx: BusinessContext,
  config: McConfig | null = mcConfigOrNull(),
): Promise<{ authorizeUrl: string }> {
  assertCanManageIntegration(ctx, PROVIDER);
  if (!config) throw new UserFacingError("Mailchimp is not available on this platform yet.");
  const { state } = await createOAuthState(
    {
      provider: PROVIDER,
      businessId: ctx.businessId,
      userId: ctx.user.id,
      impersonatorUserId: ctx.actor.impersonator?.userId ?? null,
    },
    { pkce: false },
  );
  return { authorizeUrl: buildAuthorizationUrl(state, config).toString() };
}

export type CompleteConnectResult =
  { ok: true; status: "NEEDS_LIST" | "ACTIVE" } | { ok: false; error: ConnectErrorCode };

/**
 * The OAuth callback: state → code exchange → metadata (the account and its API endpoint) → one stored connection.
 * Nothing is written before Mailchimp has answered everything, and an earlier connection stays as it was on failure.
 */
export async function completeConnect(
  ctx: BusinessContext,
  params: URLSearchParams,
  config: McConfig | null = mcConfigOrNull(),
): Promise<CompleteConnectResult> {
  if (!config) return { ok: false, error: "not_configured" };
  if (!canManageIntegration(ctx)) return { ok: false, error: "forbidden" };
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
  const code = params.get("code");
  if (!code) return { ok: false, error: "exchange_failed" };

  let accessToken: string;
  try {
    accessToken = await exchangeAuthorizationCode(code, config);
  } catch (error) {
    console.warn(
      `Mailchimp code exchange failed for business ${ctx.businessId}: ${error instanceof McOAuthError ? error.message : (error as Error).name}`,
    );
    return { ok: false, error: "exchange_failed" };
  }
  let account: { accountId: string; accountName: string; apiEndpoint: string };
  try {
    const metadata = await readMetadata(accessToken, config);
    const apiEndpoint = metadata.api_endpoint.replace(/\/+$/, "");
    // The token must only ever go to Mailchimp: an endpoint the platform does not allow is refused outright.
    if (!config.apiEndpointPattern.test(apiEndpoint)) throw new Error(`API endpoint not allowed: ${apiEndpoint}`);
    account = {
      accountId: metadata.user_id,
      accountName: metadata.accountname || metadata.login?.email || metadata.dc,
      apiEndpoint,
    };
  } catch (error) {
    console.warn(`Reading the Mailchimp account failed for business ${ctx.businessId}: ${(error as Error).message}`);
    return { ok: false, error: "account_failed" };
  }
  const saved = await saveConnectedAccount(ctx, { provider: PROVIDER, accessToken, ...account });
  return { ok: true, status: saved.status };
}

export const ChooseAudienceInput = z.object({ listId: z.string().trim().min(1, "Choose an audience.").max(100) });
export type ChooseAudienceInput = z.infer<typeof ChooseAudienceInput>;

export type AudienceChoice = { listId: string; name: string; memberCount: number | null };

/** Turns Mailchimp failures into messages for the dialog (the details go to the log, without tokens). */
function userFacing(error: unknown): never {
  if (error instanceof UserFacingError) throw error;
  if (error instanceof ReconnectRequired || error instanceof McUnauthorizedError)
    throw new UserFacingError("Mailchimp needs to be reconnected before you can choose an audience.");
  if (error instanceof McApiError && error.status === 404)
    throw new UserFacingError("That audience no longer exists in Mailchimp. Choose another one.");
  console.warn("Mailchimp audiences could not be read", error instanceof Error ? error.message : error);
  throw new UserFacingError("Mailchimp could not be reached. Try again in a moment.");
}

/** The account's audiences for the Choose audience dialog, sorted by name. */
export async function audiencesForBusiness(ctx: BusinessContext): Promise<AudienceChoice[]> {
  assertCanManageIntegration(ctx, PROVIDER);
  const connection = await usableConnection(ctx, PROVIDER);
  try {
    const client = await mcClientForConnection(connection.id, {
      purpose: { kind: "INTERACTIVE", businessId: ctx.businessId },
    });
    const audiences = await client.listAudiences();
    return audiences
      .map((a) => ({ listId: a.id, name: a.name, memberCount: a.stats?.member_count ?? null }))
      .sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: "base" }));
  } catch (error) {
    userFacing(error);
  }
}

/** The address Mailchimp calls with list events: the connection and a secret only our database knows the hash of. */
export function webhookUrl(connectionId: string, secret: string): string {
  const url = new URL("/api/integrations/mailchimp/webhook", env().APP_URL);
  url.searchParams.set("c", connectionId);
  url.searchParams.set("secret", secret);
  return url.toString();
}

/**
 * Save in the Choose audience dialog. The audience is looked up in Mailchimp (it must exist in the connected account),
 * and our webhook is registered on it (Mailchimp first checks the address with a GET); a webhook on an audience chosen
 * before is deleted. A new audience bumps the generation so every opted-in client is sent to it.
 */
export async function chooseAudience(
  ctx: BusinessContext,
  input: ChooseAudienceInput,
): Promise<{ listId: string; listName: string; changed: boolean; webhook: boolean }> {
  assertCanManageIntegration(ctx, PROVIDER);
  const connection = await usableConnection(ctx, PROVIDER);
  const current = await db.connection.findUniqueOrThrow({
    where: { id: connection.id },
    select: { listId: true, webhookId: true },
  });
  const purpose = { kind: "INTERACTIVE", businessId: ctx.businessId } as const;
  let client: Awaited<ReturnType<typeof mcClientForConnection>>;
  let audience: { id: string; name: string };
  try {
    client = await mcClientForConnection(connection.id, { purpose });
    audience = await client.getAudience(input.listId);
  } catch (error) {
    userFacing(error);
  }
  let webhook: { webhookId: string | null; webhookSecretHash: string | null } = {
    webhookId: current.webhookId,
    webhookSecretHash: null,
  };
  const sameAudience = current.listId === audience.id && current.webhookId;
  if (!sameAudience) {
    if (current.webhookId && current.listId)
      await client
        .deleteWebhook(current.listId, current.webhookId)
        .catch((error) => console.warn(`Could not delete the old Mailchimp webhook: ${(error as Error).message}`));
    const secret = randomToken(32);
    try {
      const created = await client.createWebhook(audience.id, webhookUrl(connection.id, secret));
      webhook = { webhookId: created.id, webhookSecretHash: sha256(secret) };
    } catch (error) {
      // Unsubscribes still come back, by the hourly check instead of in seconds; the page says so.
      console.warn(`Mailchimp webhook could not be registered: ${(error as Error).message}`);
      webhook = { webhookId: null, webhookSecretHash: null };
    }
  }
  const { changed } = await saveChosenList(
    ctx,
    connection.id,
    PROVIDER,
    { id: audience.id, name: audience.name },
    sameAudience ? {} : webhook,
  );
  return { listId: audience.id, listName: audience.name, changed, webhook: Boolean(sameAudience || webhook.webhookId) };
}

/**
 * X → OK: the connection ends on our side (lib/integrations/connections.ts), then our webhook is deleted in Mailchimp
 * with the token we still hold in memory (best effort). The token itself is gone from the database.
 */
export async function disconnectConnection(
  ctx: BusinessContext,
  config: McConfig | null = mcConfigOrNull(),
): Promise<{ disconnected: boolean }> {
  const ended = await endConnection(ctx, PROVIDER);
  if (!ended) return { disconnected: false };
  if (ended.webhookId && ended.listId && ended.accessToken && ended.apiEndpoint && config) {
    try {
      await createMcClient({
        accessToken: ended.accessToken,
        apiEndpoint: ended.apiEndpoint,
        apiEndpointPattern: config.apiEndpointPattern,
        accountKey: mcAccountKey(ended),
        limiter: accountLimiter(),
        purpose: { kind: "INTERACTIVE", businessId: ctx.businessId },
        maxRetries: 1,
      }).deleteWebhook(ended.listId, ended.webhookId);
    } catch (error) {
      console.warn(`Could not delete the Mailchimp webhook on disconnect: ${(error as Error).message}`);
    }
  }
  return { disconnected: true };
}

export { mcConfig };
