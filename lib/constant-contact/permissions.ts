import type { BusinessContext } from "../auth/business-context";
import { ForbiddenError, UserFacingError } from "../auth/errors";
import { isSupportedRegion, REGION_MESSAGE } from "./region";

/**
 * Only the owner connects, chooses the list or disconnects: a real OWNER membership, not a support user acting as
 * the business. Which Constant Contact account receives the clients' emails is the owner's decision (support once
 * logged in to another CC account while impersonating); staff and support see the page read-only, with Sync now and
 * Retry.
 */
export function canManageIntegration(ctx: Pick<BusinessContext, "role" | "impersonation">): boolean {
  return ctx.role === "OWNER" && !ctx.impersonation;
}

export function assertCanManageIntegration(ctx: BusinessContext): void {
  if (ctx.impersonation)
    throw new ForbiddenError(
      "Support cannot change the Constant Contact connection. Only the business owner can connect, choose the list or disconnect.",
    );
  if (!canManageIntegration(ctx))
    throw new ForbiddenError("Only the business owner can change the Constant Contact connection.");
}

export function assertSupportedRegion(ctx: BusinessContext): void {
  if (!isSupportedRegion(ctx.countryCode)) throw new UserFacingError(REGION_MESSAGE);
}
