import { db } from "../db";
import type { Provider } from "../generated/prisma/client";
import { requestMailDelivery } from "../jobs/send-event";
import { openIncident, resolveIncident } from "./incidents";

/** Longer than the slowest pull schedule (about two hours at 5,000 businesses): "more than a few hours". */
export const UNSUBSCRIBE_CHECK_ALERT_HOURS = 6;

/**
 * Run on the pull scheduler's tick: a connection whose last successful unsubscribe pull is older than the threshold
 * opens the "unsubscribe check failing" incident; one whose pull works again ends it. A quota pause is its own
 * alert, so paused connections are left out. Only stale connections and open incidents are read, so the check stays
 * cheap however many businesses are connected.
 */
export async function checkUnsubscribePulls(now = new Date()): Promise<{ opened: number; resolved: number }> {
  const cutoff = new Date(now.getTime() - UNSUBSCRIBE_CHECK_ALERT_HOURS * 3_600_000);
  const stale = await db.connection.findMany({
    where: {
      status: "ACTIVE",
      OR: [{ quotaPausedUntil: null }, { quotaPausedUntil: { lte: now } }],
      AND: [
        {
          OR: [{ lastUnsubscribePullAt: { lt: cutoff } }, { lastUnsubscribePullAt: null, connectedAt: { lt: cutoff } }],
        },
      ],
    },
    select: { businessId: true, provider: true, lastUnsubscribePullAt: true, connectedAt: true },
  });
  const open = await db.alertIncident.findMany({
    where: { kind: "UNSUBSCRIBE_CHECK_FAILING", openKey: { not: null } },
    select: { businessId: true, provider: true },
  });
  const keyOf = (c: { businessId: string; provider: Provider }) => `${c.businessId}:${c.provider}`;
  const staleKeys = new Set(stale.map(keyOf));
  const openKeys = new Set(open.map(keyOf));
  const mail: string[] = [];
  let opened = 0;
  for (const s of stale) {
    if (openKeys.has(keyOf(s))) continue;
    const since = (s.lastUnsubscribePullAt ?? s.connectedAt)!;
    const hours = Math.floor((now.getTime() - since.getTime()) / 3_600_000);
    mail.push(
      ...(await db.$transaction((tx) =>
        openIncident(tx, {
          businessId: s.businessId,
          provider: s.provider,
          kind: "UNSUBSCRIBE_CHECK_FAILING",
          details: { hours },
        }),
      )),
    );
    opened++;
  }
  let resolved = 0;
  for (const o of open) {
    if (staleKeys.has(keyOf(o))) continue;
    mail.push(...(await db.$transaction((tx) => resolveIncident(tx, { ...o, kind: "UNSUBSCRIBE_CHECK_FAILING" }))));
    resolved++;
  }
  await requestMailDelivery(mail);
  return { opened, resolved };
}
