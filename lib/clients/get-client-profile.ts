import type { BusinessScope } from "../auth/business-context";
import { db } from "../db";

/**
 * Everything the profile page shows about one client (its sync with each connection: lib/sync/status), or null when the id is not a client of this business
 * (the page then answers "not found", never revealing another business's client). Times are shown in the
 * business's time zone, so that comes along.
 */
export async function getClientProfile(scope: BusinessScope, clientId: string) {
  const { businessId } = scope;
  const client = await db.client.findFirst({
    where: { id: clientId, businessId },
    select: {
      id: true,
      firstName: true,
      lastName: true,
      email: true,
      city: true,
      clientTypeId: true,
      newsOptIn: true,
      consentAt: true,
      consentMethod: true,
      unsubscribedAt: true,
      unsubscribeSource: true,
      syncVersion: true,
      updatedAt: true,
      groups: { select: { groupId: true } },
      business: { select: { timeZone: true } },
    },
  });
  if (!client) return null;
  const [history, hasPortalPassword] = await Promise.all([
    listConsentHistory(scope, clientId),
    db.client.count({ where: { id: clientId, businessId, portalPasswordHash: { not: null } } }),
  ]);
  const { business, ...fields } = client;
  return {
    ...fields,
    timeZone: business.timeZone,
    groupIds: client.groups.map((g) => g.groupId),
    history,
    hasPortalPassword: hasPortalPassword > 0,
  };
}
export type ClientProfile = NonNullable<Awaited<ReturnType<typeof getClientProfile>>>;

/** The consent history, newest first, with the staff member's name where a person made the change. */
export async function listConsentHistory(scope: BusinessScope, clientId: string) {
  const events = await db.consentEvent.findMany({
    where: { businessId: scope.businessId, clientId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 200,
    select: {
      id: true,
      fromOptIn: true,
      toOptIn: true,
      source: true,
      consentMethod: true,
      consentGivenAt: true,
      actorUserId: true,
      impersonatorUserId: true,
      createdAt: true,
    },
  });
  const userIds = [
    ...new Set(events.flatMap((e) => [e.actorUserId, e.impersonatorUserId]).filter((id): id is string => Boolean(id))),
  ];
  const users = userIds.length
    ? await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } })
    : [];
  const names = new Map(users.map((u) => [u.id, u.name]));
  return events.map((e) => ({
    ...e,
    actorName: e.actorUserId ? (names.get(e.actorUserId) ?? "A former staff member") : null,
    impersonatorName: e.impersonatorUserId ? (names.get(e.impersonatorUserId) ?? "Support") : null,
  }));
}
