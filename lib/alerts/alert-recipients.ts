import type { Tx } from "../db";
import type { AlertKind } from "../generated/prisma/client";

export type AlertRecipient = { userId: string; email: string; name: string };

/**
 * Who hears about an incident: the business's members whose setting for this kind is on. Without a setting of
 * their own, owners receive alerts and staff do not (staff choose to, on their settings page).
 */
export async function alertRecipients(tx: Tx, businessId: string, kind: AlertKind): Promise<AlertRecipient[]> {
  const [members, preferences] = await Promise.all([
    tx.membership.findMany({
      where: { businessId },
      select: { role: true, user: { select: { id: true, email: true, name: true } } },
    }),
    tx.alertPreference.findMany({ where: { businessId, kind }, select: { userId: true, enabled: true } }),
  ]);
  const chosen = new Map(preferences.map((p) => [p.userId, p.enabled]));
  return members
    .filter((m) => chosen.get(m.user.id) ?? m.role === "OWNER")
    .map((m) => ({ userId: m.user.id, email: m.user.email, name: m.user.name }));
}
