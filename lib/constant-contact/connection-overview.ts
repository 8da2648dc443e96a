import "server-only";
import type { BusinessContext } from "../auth/business-context";
import { db } from "../db";
import type { ConnectionStatus } from "../generated/prisma/client";
import { canManageIntegration } from "./permissions";
import { isSupportedRegion } from "./region";

/** What the Constant Contact page shows: explicit fields only, so no token can ever reach the browser. */
export type ConnectionOverview = {
  businessName: string;
  regionSupported: boolean;
  canManage: boolean;
  /** A support user acting as the business: the page says why it is read-only. */
  impersonating: boolean;
  connection: {
    status: ConnectionStatus;
    accountName: string | null;
    listId: string | null;
    listName: string | null;
    listChosenAt: string | null;
    connectedAt: string | null;
    lastSyncedAt: string | null;
    /** What is sent besides name, email and city (segments in Constant Contact). */
    sendClientType: boolean;
    sendGroups: boolean;
    segmentFieldsError: string | null;
  } | null;
};

export async function connectionOverview(ctx: BusinessContext): Promise<ConnectionOverview> {
  const row = await db.constantContactConnection.findUnique({
    where: { businessId: ctx.businessId },
    select: {
      status: true,
      ccAccountName: true,
      listId: true,
      listName: true,
      listChosenAt: true,
      connectedAt: true,
      lastSyncedAt: true,
      sendClientType: true,
      sendGroups: true,
      segmentFieldsError: true,
    },
  });
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    businessName: ctx.businessName,
    regionSupported: isSupportedRegion(ctx.countryCode),
    canManage: canManageIntegration(ctx),
    impersonating: !!ctx.impersonation,
    connection:
      row && row.status !== "DISCONNECTED"
        ? {
            status: row.status,
            accountName: row.ccAccountName,
            listId: row.listId,
            listName: row.listName,
            listChosenAt: iso(row.listChosenAt),
            connectedAt: iso(row.connectedAt),
            lastSyncedAt: iso(row.lastSyncedAt),
            sendClientType: row.sendClientType,
            sendGroups: row.sendGroups,
            segmentFieldsError: row.segmentFieldsError,
          }
        : null,
  };
}
