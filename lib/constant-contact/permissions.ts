import type { BusinessContext } from "../auth/business-context";
import { ForbiddenError, UserFacingError } from "../auth/errors";
import { isSupportedRegion, REGION_MESSAGE } from "./region";

/** Only owners connect, choose the list or disconnect; staff see the page read-only. */
export function canManageIntegration(ctx: Pick<BusinessContext, "role">): boolean {
  return ctx.role === "OWNER";
}

export function assertCanManageIntegration(ctx: BusinessContext): void {
  if (!canManageIntegration(ctx)) throw new ForbiddenError("Only the business owner can change the Constant Contact connection.");
}

export function assertSupportedRegion(ctx: BusinessContext): void {
  if (!isSupportedRegion(ctx.countryCode)) throw new UserFacingError(REGION_MESSAGE);
}
