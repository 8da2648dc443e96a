import { db } from "../db";
import type { AuditActor } from "../audit";
import { IMPERSONATION_COOKIE } from "../support/impersonation-rules";
import { resolveImpersonation } from "../support/resolve-impersonation";
import { ForbiddenError, NotAuthenticatedError } from "./errors";
import { nextRequest, type RequestReader } from "./request-reader";
import type { SessionUser } from "./session";

export type Role = "OWNER" | "STAFF";

/**
 * Who is asking and for which business: the only way code gets a `businessId`. Every data function takes this
 * and puts `ctx.businessId` into its `where`.
 */
export type BusinessContext = {
  user: SessionUser;
  businessId: string;
  businessName: string;
  businessSlug: string;
  countryCode: string;
  role: Role;
  /** The audit identity: the user, plus the support user when impersonating (see lib/support/impersonation-rules.ts). */
  actor: AuditActor;
  /** Set while a support user is impersonating this business (the banner shows it; `user` is the support user). */
  impersonation?: { id: string; reason: string; startedAt: Date; expiresAt: Date; supportUserName: string } | null;
};

export const ACTIVE_BUSINESS_COOKIE = "active_business";

export type BusinessChoice = { id: string; name: string; slug: string; role: Role };

export async function businessesOf(userId: string): Promise<BusinessChoice[]> {
  const memberships = await db.membership.findMany({
    where: { userId },
    select: { role: true, business: { select: { id: true, name: true, slug: true } } },
    orderBy: { business: { name: "asc" } },
  });
  return memberships.map((m) => ({ ...m.business, role: m.role }));
}

/**
 * Resolves the request to a business context, or null when the user has no business (e.g. a support user with no
 * impersonation: the admin shell sends them to /support). The chosen business lives in a cookie but is only
 * honoured through a membership check.
 */
export async function resolveBusinessContext(request: RequestReader = nextRequest): Promise<BusinessContext | null> {
  const user = await request.user();
  if (!user) throw new NotAuthenticatedError();
  return businessContextOf(user, request);
}

/** The business context of a user already known to be signed in (the action layers have read the session once). */
export async function businessContextOf(user: SessionUser, request: RequestReader = nextRequest): Promise<BusinessContext | null> {
  // A support user's active impersonation wins over any membership; it is re-validated against the database here.
  if (user.isSupport) {
    const impersonated = await resolveImpersonation({ supportUser: user, impersonationId: await request.cookie(IMPERSONATION_COOKIE) });
    if (impersonated) return impersonated;
  }
  const wanted = await request.cookie(ACTIVE_BUSINESS_COOKIE);
  const memberships = await db.membership.findMany({
    where: { userId: user.id },
    select: { role: true, business: { select: { id: true, name: true, slug: true, countryCode: true } } },
    orderBy: { business: { name: "asc" } },
  });
  const chosen = memberships.find((m) => m.business.id === wanted) ?? memberships[0];
  if (!chosen) return null;
  return {
    user,
    businessId: chosen.business.id,
    businessName: chosen.business.name,
    businessSlug: chosen.business.slug,
    countryCode: chosen.business.countryCode,
    role: chosen.role,
    actor: { userId: user.id, label: `${user.name} <${user.email}>` },
  };
}

export async function requireBusinessContext(roles?: readonly Role[], request: RequestReader = nextRequest): Promise<BusinessContext> {
  return withRole(await resolveBusinessContext(request), roles);
}

/** Refuses a user without a business, or one whose role in it is not among `roles` (when given). */
export function withRole(ctx: BusinessContext | null, roles?: readonly Role[]): BusinessContext {
  if (!ctx) throw new ForbiddenError("Your account is not a member of any business.");
  if (roles && !roles.includes(ctx.role)) throw new ForbiddenError();
  return ctx;
}
