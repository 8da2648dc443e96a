import "server-only";
import type { BusinessContext } from "../auth/business-context";
import { ccConfig, type CcConfig } from "./config";
import { buildAuthorizationUrl } from "./oauth";
import { createOAuthState } from "./oauth-state";
import { assertCanManageIntegration, assertSupportedRegion } from "./permissions";

/** Connect Business / Reconnect: a new single-use state, then CC's login page (the caller redirects there). */
export async function startConnect(
  ctx: BusinessContext,
  config: CcConfig = ccConfig(),
): Promise<{ authorizeUrl: string }> {
  assertCanManageIntegration(ctx);
  assertSupportedRegion(ctx);
  const { state, codeVerifier } = await createOAuthState({
    businessId: ctx.businessId,
    userId: ctx.user.id,
    impersonatorUserId: ctx.actor.impersonator?.userId ?? null,
  });
  return { authorizeUrl: (await buildAuthorizationUrl({ state, codeVerifier }, config)).toString() };
}
