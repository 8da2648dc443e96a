import { recordAudit } from "../audit";
import { db } from "../db";
import { ALERT_LABELS } from "./alert-kinds";
import { verifyUnsubscribeToken } from "./unsubscribe-token";

export type UnsubscribeResult = { ok: true; kindLabel: string; businessName: string } | { ok: false };

/** What an unsubscribe link is about, for the confirmation page (no change). */
export async function describeUnsubscribeToken(token: string): Promise<UnsubscribeResult> {
  const claim = verifyUnsubscribeToken(token);
  if (!claim) return { ok: false };
  const member = await db.membership.findUnique({
    where: { userId_businessId: { userId: claim.userId, businessId: claim.businessId } },
    select: { business: { select: { name: true } } },
  });
  return member ? { ok: true, kindLabel: ALERT_LABELS[claim.kind], businessName: member.business.name } : { ok: false };
}

/**
 * The one-click unsubscribe (RFC 8058): the signed link turns one alert kind off for the person it was sent to,
 * without a login. Repeating it changes nothing more. A person who left the business has nothing to turn off.
 */
export async function unsubscribeFromAlert(token: string): Promise<UnsubscribeResult> {
  const claim = verifyUnsubscribeToken(token);
  if (!claim) return { ok: false };
  return db.$transaction(async (tx) => {
    const member = await tx.membership.findUnique({
      where: { userId_businessId: { userId: claim.userId, businessId: claim.businessId } },
      select: { user: { select: { name: true, email: true } }, business: { select: { name: true } } },
    });
    if (!member) return { ok: false } as const;
    const key = { userId: claim.userId, businessId: claim.businessId, kind: claim.kind };
    await tx.alertPreference.upsert({
      where: { userId_businessId_kind: key },
      create: { ...key, enabled: false },
      update: { enabled: false },
    });
    await recordAudit(
      {
        action: "alerts.unsubscribed",
        actor: { userId: claim.userId, label: `${member.user.name} <${member.user.email}> (email link)` },
        businessId: claim.businessId,
        target: { type: "user", id: claim.userId },
        details: { kind: claim.kind },
      },
      tx,
    );
    return { ok: true, kindLabel: ALERT_LABELS[claim.kind], businessName: member.business.name } as const;
  });
}
