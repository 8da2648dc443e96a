import { z } from "zod";
import type { BusinessContext } from "../auth/business-context";
import type { SessionUser } from "../auth/session";
import { db } from "../db";
import { endImpersonation } from "./end-impersonation";
import { impersonationActor } from "./impersonation-rules";

/**
 * The business context of a support user who is impersonating, or null. The cookie value is only a pointer: the
 * row must be this support user's own, not ended and not expired, every request, so a forged cookie or someone
 * else's impersonation id gives nothing. An expired row is ended and audited (once) when it is first noticed.
 *
 * The support user acts with the owner's permissions (role OWNER), under their own name: see impersonationActor.
 */
export async function resolveImpersonation(input: {
  supportUser: SessionUser;
  impersonationId: string | null | undefined;
  now?: Date;
}): Promise<BusinessContext | null> {
  const { supportUser } = input;
  if (!supportUser.isSupport) return null;
  const id = z.uuid().safeParse(input.impersonationId);
  if (!id.success) return null;
  const now = input.now ?? new Date();
  const row = await db.impersonation.findFirst({
    where: { id: id.data, supportUserId: supportUser.id, endedAt: null },
    select: { id: true, businessId: true, reason: true, startedAt: true, expiresAt: true },
  });
  if (!row) return null;
  if (row.expiresAt <= now) {
    await endImpersonation(row, supportUser, "expired", now);
    return null;
  }
  const business = await db.business.findUnique({
    where: { id: row.businessId },
    select: { id: true, name: true, slug: true, countryCode: true },
  });
  if (!business) return null;
  return {
    user: supportUser,
    businessId: business.id,
    businessName: business.name,
    businessSlug: business.slug,
    countryCode: business.countryCode,
    role: "OWNER",
    actor: impersonationActor(supportUser, business.name),
    impersonation: { id: row.id, reason: row.reason, startedAt: row.startedAt, expiresAt: row.expiresAt, supportUserName: supportUser.name },
  };
}
