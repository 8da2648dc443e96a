// The audit trail: append-only (nothing in the app updates or deletes an entry). Pass `tx` to record in the
// same transaction as the change it describes.
import type { Prisma } from "./generated/prisma/client";
import { db, type Tx } from "./db";

export type AuditActor = {
  userId: string | null;
  label: string;
  impersonator?: { userId: string; label: string } | null;
};

export type AuditEntry = {
  action: string;
  actor: AuditActor;
  businessId?: string | null;
  target?: { type: string; id: string } | null;
  details?: Prisma.InputJsonObject;
};

export async function recordAudit(entry: AuditEntry, tx: Tx = db): Promise<void> {
  await tx.auditLog.create({ data: auditRow(entry) });
}

/** Several entries in one statement (a provider's burst of unsubscribes), in the caller's transaction. */
export async function recordAudits(entries: AuditEntry[], tx: Tx = db): Promise<void> {
  if (entries.length > 0) await tx.auditLog.createMany({ data: entries.map(auditRow) });
}

function auditRow(entry: AuditEntry) {
  return {
    action: entry.action,
    businessId: entry.businessId ?? null,
    actorUserId: entry.actor.userId,
    actorLabel: entry.actor.label,
    impersonatorUserId: entry.actor.impersonator?.userId ?? null,
    impersonatorLabel: entry.actor.impersonator?.label ?? null,
    targetType: entry.target?.type ?? null,
    targetId: entry.target?.id ?? null,
    details: entry.details ?? {},
  };
}

/** The actor of something the system did by itself (scheduled sync, Constant Contact unsubscribe). */
export const SYSTEM_ACTOR: AuditActor = { userId: null, label: "System" };
