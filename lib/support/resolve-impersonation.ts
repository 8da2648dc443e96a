import { z } from "zod";
import type { SessionUser } from "../auth/session";
import { db } from "../db";
import { endImpersonation } from "./end-impersonation";

export type ActiveImpersonation = {
  id: string;
  reason: string;
  startedAt: Date;
  expiresAt: Date;
  business: { id: string; name: string; slug: string; countryCode: string };
};

/**
 * The support user's running impersonation, or null. The cookie value is only a pointer: the row must be this
 * support user's own, not ended and not expired, every request, so a forged cookie or someone else's impersonation
 * id gives nothing. An expired row is ended and audited (once) when it is first noticed. The business context is
 * made from it by resolveImpersonation (lib/auth/business-context.ts), the only place a business id is vouched for.
 */
export async function findActiveImpersonation(input: {
  supportUser: SessionUser;
  impersonationId: string | null | undefined;
  now?: Date;
}): Promise<ActiveImpersonation | null> {
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
  return { id: row.id, reason: row.reason, startedAt: row.startedAt, expiresAt: row.expiresAt, business };
}
