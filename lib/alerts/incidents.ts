// Incidents: one per business, provider and kind while the trouble lasts, so people get one email when it starts and one
// when it ends, however many runs fail in between. Both run inside the caller's transaction (the change of state
// that opened or closed the incident), and return the outbox emails to deliver after commit.
import type { Tx } from "../db";
import type { AlertKind, Prisma, Provider } from "../generated/prisma/client";
import { enqueueMail } from "../mail-outbox";
import type { AlertDetails } from "./alert-kinds";
import { alertRecipients } from "./alert-recipients";

const openKeyOf = (businessId: string, provider: Provider, kind: AlertKind) => `${businessId}:${provider}:${kind}`;

/**
 * Opens the incident unless one of this kind is already open for the business and provider; only a new one sends
 * alerts.
 */
export async function openIncident(
  tx: Tx,
  input: { businessId: string; provider: Provider; kind: AlertKind; details?: AlertDetails },
): Promise<string[]> {
  const openKey = openKeyOf(input.businessId, input.provider, input.kind);
  const details = (input.details ?? {}) as Prisma.InputJsonObject;
  const created = await tx.alertIncident.createMany({
    data: [{ businessId: input.businessId, provider: input.provider, kind: input.kind, openKey, details }],
    skipDuplicates: true,
  });
  if (created.count === 0) return [];
  const incident = await tx.alertIncident.findUniqueOrThrow({ where: { openKey }, select: { id: true } });
  const business = await tx.business.findUniqueOrThrow({ where: { id: input.businessId }, select: { name: true } });
  const ids: string[] = [];
  for (const person of await alertRecipients(tx, input.businessId, input.kind)) {
    ids.push(
      await enqueueMail(tx, {
        businessId: input.businessId,
        idempotencyKey: `alert:${incident.id}:opened:${person.userId}`,
        kind: "ALERT_OPENED",
        toEmail: person.email,
        payload: {
          businessName: business.name,
          provider: input.provider,
          alert: input.kind,
          userId: person.userId,
          details,
        },
      }),
    );
  }
  return ids;
}

/** Which of these kinds have an open incident for the business and provider: one query for several kinds. */
export async function openIncidentKinds(
  tx: Tx,
  input: { businessId: string; provider: Provider; kinds: readonly AlertKind[] },
): Promise<Set<AlertKind>> {
  const open = await tx.alertIncident.findMany({
    where: { openKey: { in: input.kinds.map((kind) => openKeyOf(input.businessId, input.provider, kind)) } },
    select: { kind: true },
  });
  return new Set(open.map((incident) => incident.kind));
}

/**
 * Ends the open incident of this kind, if any. With `notify`, the people who were told it started (and still want
 * this kind) get a short "back to normal"; an incident that ends because the business disconnected ends quietly.
 */
export async function resolveIncident(
  tx: Tx,
  input: { businessId: string; provider: Provider; kind: AlertKind; notify?: boolean },
): Promise<string[]> {
  const openKey = openKeyOf(input.businessId, input.provider, input.kind);
  const incident = await tx.alertIncident.findUnique({ where: { openKey }, select: { id: true } });
  if (!incident) return [];
  const closed = await tx.alertIncident.updateMany({
    where: { id: incident.id, openKey },
    data: { openKey: null, resolvedAt: new Date() },
  });
  if (closed.count === 0 || input.notify === false) return [];
  const told = await tx.mailOutbox.findMany({
    where: { businessId: input.businessId, idempotencyKey: { startsWith: `alert:${incident.id}:opened:` } },
    select: { idempotencyKey: true },
  });
  const toldIds = new Set(told.map((m) => m.idempotencyKey.split(":").at(-1)));
  const business = await tx.business.findUniqueOrThrow({ where: { id: input.businessId }, select: { name: true } });
  const ids: string[] = [];
  for (const person of await alertRecipients(tx, input.businessId, input.kind)) {
    if (!toldIds.has(person.userId)) continue;
    ids.push(
      await enqueueMail(tx, {
        businessId: input.businessId,
        idempotencyKey: `alert:${incident.id}:resolved:${person.userId}`,
        kind: "ALERT_RESOLVED",
        toEmail: person.email,
        payload: { businessName: business.name, provider: input.provider, alert: input.kind, userId: person.userId },
      }),
    );
  }
  return ids;
}
