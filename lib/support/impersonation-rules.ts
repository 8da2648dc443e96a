import { z } from "zod";
import type { AuditActor } from "../audit";

/** How long one "Log in as this business" lasts; the context helper ignores the row after this. */
export const IMPERSONATION_MINUTES = 60;

/** The httpOnly cookie holding the Impersonation id; it is only a pointer, validated against the database on every request. */
export const IMPERSONATION_COOKIE = "support_impersonation";

export const ImpersonationReason = z
  .string()
  .trim()
  .min(10, "Say why you need to log in as this business (at least 10 characters).")
  .max(500, "Keep the reason under 500 characters.");

export const StartImpersonationInput = z.object({ businessId: z.uuid(), reason: ImpersonationReason });
export type StartImpersonationInput = z.input<typeof StartImpersonationInput>;

type Person = { id: string; name: string; email: string };

/**
 * The audit identity of a support user acting as a business. The actor is the support user (the person who really
 * clicked, never the owner, who did nothing), labelled "as" the business; `impersonator` carries the support user
 * again with their email, so the row has `impersonatorUserId` set and every listing shows both identities:
 * "Sam Support (support) as Sunrise Yoga" / support user "Sam Support <support@platform.test>". Every existing
 * `recordAudit({ actor: ctx.actor })` call picks this up without change.
 */
export function impersonationActor(supportUser: Person, businessName: string): AuditActor {
  return {
    userId: supportUser.id,
    label: `${supportUser.name} (support) as ${businessName}`,
    impersonator: { userId: supportUser.id, label: `${supportUser.name} <${supportUser.email}>` },
  };
}
