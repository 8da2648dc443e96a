import { z } from "zod";
import { db } from "../db";
import type { AuditActor } from "../audit";
import { ForbiddenError, NotAuthenticatedError } from "../errors";
import { findActiveImpersonation, IMPERSONATION_COOKIE, impersonationActor } from "./impersonation";
import { nextRequest, type RequestReader } from "./request-reader";
import type { SessionUser } from "./session";

export type Role = "OWNER" | "STAFF";

declare const businessIdBrand: unique symbol;

/**
 * A business id this file vouched for: a membership, a running impersonation, a support user's read-only view, or
 * an id our own system produced (trustedBusinessScope). Only this file makes one, so a tenant read cannot be handed
 * an id straight from a URL, a form or a cookie: the type checker refuses a plain string.
 */
export type BusinessId = string & { readonly [businessIdBrand]: "BusinessId" };

/** What a tenant read takes: the business it may see, and nothing it could be tricked into widening. */
export type BusinessScope = { businessId: BusinessId };

function vouchedFor(businessId: string): BusinessId {
  return businessId as BusinessId;
}

/**
 * Who is asking and for which business: the only way request code gets a `businessId`. Every data function takes
 * this (or its BusinessScope) and puts `ctx.businessId` into its `where`.
 */
export type BusinessContext = BusinessScope & {
  user: SessionUser;
  businessName: string;
  businessSlug: string;
  countryCode: string;
  role: Role;
  /** The audit identity: the user, plus the support user when impersonating (see lib/auth/impersonation.ts). */
  actor: AuditActor;
  /** Set while a support user is impersonating this business (the banner shows it; `user` is the support user). */
  impersonation?: {
    id: string;
    reason: string;
    startedAt: Date;
    expiresAt: Date;
    supportUserName: string;
    /** When the server last found it active: the banner counts the time left from here. */
    checkedAt: Date;
  } | null;
};

/**
 * The scope for an id our own system produced, never one from a request: a background job's event or row (the
 * sync engine), a seed, a test fixture. Request code resolves a context instead.
 */
export function trustedBusinessScope(businessId: string): BusinessScope {
  return { businessId: vouchedFor(businessId) };
}

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
export async function businessContextOf(
  user: SessionUser,
  request: RequestReader = nextRequest,
): Promise<BusinessContext | null> {
  // A support user's active impersonation wins over any membership; it is re-validated against the database here.
  if (user.isSupport) {
    const impersonated = await impersonatedBusinessContext({
      supportUser: user,
      impersonationId: await request.cookie(IMPERSONATION_COOKIE),
    });
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
    businessId: vouchedFor(chosen.business.id),
    businessName: chosen.business.name,
    businessSlug: chosen.business.slug,
    countryCode: chosen.business.countryCode,
    role: chosen.role,
    actor: { userId: user.id, label: `${user.name} <${user.email}>` },
  };
}

export async function requireBusinessContext(
  roles?: readonly Role[],
  request: RequestReader = nextRequest,
): Promise<BusinessContext> {
  return withRole(await resolveBusinessContext(request), roles);
}

/** Refuses a user without a business, or one whose role in it is not among `roles` (when given). */
export function withRole(ctx: BusinessContext | null, roles?: readonly Role[]): BusinessContext {
  if (!ctx) throw new ForbiddenError("Your account is not a member of any business.");
  if (roles && !roles.includes(ctx.role)) throw new ForbiddenError();
  return ctx;
}

/**
 * The business context of a support user who is impersonating, or null (see findActiveImpersonation for what makes
 * one valid). The support user acts with the owner's permissions (role OWNER), under their own name: see
 * impersonationActor.
 */
export async function impersonatedBusinessContext(input: {
  supportUser: SessionUser;
  impersonationId: string | null | undefined;
  now?: Date;
}): Promise<BusinessContext | null> {
  const active = await findActiveImpersonation(input);
  if (!active) return null;
  const { supportUser } = input;
  return {
    user: supportUser,
    businessId: vouchedFor(active.business.id),
    businessName: active.business.name,
    businessSlug: active.business.slug,
    countryCode: active.business.countryCode,
    role: "OWNER",
    actor: impersonationActor(supportUser, active.business.name),
    impersonation: {
      id: active.id,
      reason: active.reason,
      startedAt: active.startedAt,
      expiresAt: active.expiresAt,
      supportUserName: supportUser.name,
      checkedAt: new Date(),
    },
  };
}

export type SupportView = BusinessScope & { name: string; slug: string };

/**
 * A support user looking at one business without impersonating it (the console's per-business pages): only a
 * support user gets a scope, and only for a business that exists. Anything else is null, which the page answers
 * with "not found".
 */
export async function resolveSupportView(supportUser: SessionUser, businessId: string): Promise<SupportView | null> {
  if (!supportUser.isSupport || !z.uuid().safeParse(businessId).success) return null;
  const business = await db.business.findUnique({
    where: { id: businessId },
    select: { id: true, name: true, slug: true },
  });
  return business && { businessId: vouchedFor(business.id), name: business.name, slug: business.slug };
}
