import { db, type Tx } from "../db";
import { z } from "zod";
import type { BusinessScope } from "../auth/business-context";

/** The client types and groups staff can pick from, for the forms. */
export async function loadBusinessOptions({ businessId }: BusinessScope) {
  const [clientTypes, groups] = await Promise.all([
    db.clientType.findMany({ where: { businessId }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
    db.clientGroup.findMany({ where: { businessId }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
  ]);
  return { clientTypes, groups };
}

/**
 * A rule about one field that only the database can check. Raised as a ZodError so that it reaches the form
 * exactly like a schema error: next to its field (see failureOf in lib/actions/action-client.ts).
 */
export function fieldError(field: string, message: string): z.ZodError {
  return new z.ZodError([{ code: "custom", path: [field], message, input: undefined }]);
}

/**
 * A type or group id from the browser must belong to this business; anything else is treated like a value that
 * is not in the list (never linked across businesses).
 */
export async function assertOwnOptions(tx: Tx, businessId: string, clientTypeId: string | null, groupIds: string[]) {
  if (clientTypeId) {
    const type = await tx.clientType.findFirst({ where: { id: clientTypeId, businessId }, select: { id: true } });
    if (!type) throw fieldError("clientTypeId", "Choose a client type from the list.");
  }
  const unique = [...new Set(groupIds)];
  if (unique.length > 0) {
    const found = await tx.clientGroup.count({ where: { id: { in: unique }, businessId } });
    if (found !== unique.length) throw fieldError("groupIds", "Choose groups from the list.");
  }
  return unique;
}
