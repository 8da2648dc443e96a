import { z } from "zod";
import type { BusinessId } from "../auth/business-context";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { CURSOR_MAX, CursorTime, keysetCursor } from "../pagination/keyset-cursor";
import { auditActionLabel } from "./action-labels";
import { nextDay, startOfDayIn } from "../zoned-day";

export const AUDIT_PAGE_SIZE = 50;

/**
 * Whose entries: one business (the owner's own, or the one support is looking at), or the platform's entries that
 * belong to no business (sign-in lockouts). A discriminated union, so the tenant filter can never be built from an
 * optional value that Prisma would silently drop.
 */
export type AuditScope = { kind: "business"; businessId: BusinessId } | { kind: "platform" };

const Day = z.iso.date().optional().catch(undefined);

export const ListAuditInput = z.object({
  /** An action key ("integration.disconnected") or a group ("integration.*"). */
  action: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)*(\.\*)?$/)
    .max(100)
    .optional()
    .catch(undefined),
  /** Calendar days in the scope's time zone, both inclusive. */
  from: Day,
  to: Day,
  /** Opaque keyset cursor: entries older than this (createdAt, id). */
  after: z.string().max(CURSOR_MAX).optional().catch(undefined),
});
/** Straight from the URL: anything unexpected falls back to the default, never an error. */
export type ListAuditInput = Partial<Record<keyof z.input<typeof ListAuditInput>, unknown>>;

/** In the URL as [createdAt, id] of the oldest entry shown; a mangled cursor shows the newest page. */
const auditCursor = keysetCursor(z.tuple([CursorTime, z.uuid()]));

export type AuditListEntry = {
  id: string;
  createdAt: Date;
  action: string;
  actionLabel: string;
  actorLabel: string;
  impersonatorLabel: string | null;
  targetType: string | null;
  targetId: string | null;
  details: Record<string, unknown>;
};

/**
 * One page of audit entries, newest first, keyset-paginated on (createdAt, id) over the AuditLog(businessId,
 * createdAt) index: no count of all rows, and page 1,000 costs what page 1 costs. Read-only: the app has no way to
 * edit or delete an entry.
 */
export async function listAuditEntries(
  scope: AuditScope,
  raw: ListAuditInput,
  /** Overrides the scope's own time zone (tests). */
  options: { timeZone?: string } = {},
): Promise<{
  entries: AuditListEntry[];
  nextCursor: string | null;
  filters: z.infer<typeof ListAuditInput>;
  timeZone: string;
}> {
  const input = ListAuditInput.parse(raw);
  const timeZone = options.timeZone ?? (await scopeTimeZone(scope));
  const after = auditCursor.decode(input.after);
  const action = input.action;
  const where: Prisma.AuditLogWhereInput = {
    businessId: scope.kind === "business" ? scope.businessId : null,
    ...(action ? (action.endsWith(".*") ? { action: { startsWith: action.slice(0, -1) } } : { action }) : {}),
    AND: [
      ...(input.from ? [{ createdAt: { gte: startOfDayIn(input.from, timeZone) } }] : []),
      ...(input.to ? [{ createdAt: { lt: startOfDayIn(nextDay(input.to), timeZone) } }] : []),
      ...(after ? [{ OR: [{ createdAt: { lt: after[0] } }, { createdAt: after[0], id: { lt: after[1] } }] }] : []),
    ],
  };
  const rows = await db.auditLog.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: AUDIT_PAGE_SIZE + 1,
    select: {
      id: true,
      createdAt: true,
      action: true,
      actorLabel: true,
      impersonatorLabel: true,
      targetType: true,
      targetId: true,
      details: true,
    },
  });
  const page = rows.slice(0, AUDIT_PAGE_SIZE);
  const last = page[page.length - 1];
  return {
    entries: page.map((r) => ({
      ...r,
      actionLabel: auditActionLabel(r.action, r.details),
      details:
        r.details && typeof r.details === "object" && !Array.isArray(r.details)
          ? (r.details as Record<string, unknown>)
          : {},
    })),
    nextCursor: last && rows.length > AUDIT_PAGE_SIZE ? auditCursor.encode([last.createdAt, last.id]) : null,
    filters: input,
    timeZone,
  };
}

/** Days and times of a business are its own; the platform's are UTC. */
async function scopeTimeZone(scope: AuditScope): Promise<string> {
  if (scope.kind === "platform") return "UTC";
  const business = await db.business.findUnique({ where: { id: scope.businessId }, select: { timeZone: true } });
  return business?.timeZone ?? "UTC";
}
