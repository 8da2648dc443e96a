import { z } from "zod";
import { db } from "../db";
import { recordAudit } from "../audit";
import { NotFoundError } from "../errors";
import { requestSync } from "../jobs/request-sync";
import type { ClientsContext } from "./client-context";
import { ClientFieldsInput, syncedColumnsOf } from "./client-fields";
import { assertOwnOptions } from "./load-business-options";
import { readSegmentChoice } from "./mark-segment-pending";
import { MARK_SYNC_PENDING } from "./mark-sync-pending";

export const UpdateClientProfileInput = ClientFieldsInput.extend({ clientId: z.uuid() });
export type UpdateClientProfileInput = z.input<typeof UpdateClientProfileInput>;

/** The fields Constant Contact receives (the opt-in has its own door: change-consent.ts). */
const SYNCED_FIELDS = ["firstName", "lastName", "email", "city"] as const;

/**
 * Saves a client's profile. Only a change of a synced field bumps the sync version: a new type or other groups
 * count as synced only when the business sends them to Constant Contact (its segment choice), and saving the same
 * values again never makes the sync re-send the client. An email that differs only in case is
 * still a change (Constant Contact shows the address as we send it).
 */
export async function updateClientProfile(
  ctx: ClientsContext,
  raw: UpdateClientProfileInput,
): Promise<{ syncedFieldsChanged: string[] }> {
  const input = UpdateClientProfileInput.parse(raw);
  const result = await db.$transaction(async (tx) => {
    // Lock the row so the comparison below and the write agree even when two people save at once.
    const locked = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM "Client" WHERE id = ${input.clientId}::uuid AND "businessId" = ${ctx.businessId}::uuid FOR UPDATE`;
    if (locked.length === 0) throw new NotFoundError();
    const current = await tx.client.findUniqueOrThrow({
      where: { id: input.clientId, businessId: ctx.businessId },
      select: {
        firstName: true,
        lastName: true,
        email: true,
        city: true,
        clientTypeId: true,
        groups: { select: { groupId: true } },
      },
    });
    const groupIds = await assertOwnOptions(tx, ctx.businessId, input.clientTypeId, input.groupIds);
    const next = syncedColumnsOf(input);
    const syncedChanged = SYNCED_FIELDS.filter((f) => current[f] !== next[f]);
    const currentGroups = current.groups.map((g) => g.groupId);
    const groupsChanged = groupIds.length !== currentGroups.length || groupIds.some((g) => !currentGroups.includes(g));
    const otherChanged = [
      ...(current.clientTypeId !== input.clientTypeId ? ["clientTypeId"] : []),
      ...(groupsChanged ? ["groupIds"] : []),
    ];
    if (syncedChanged.length === 0 && otherChanged.length === 0) return { syncedChanged };
    const segments = otherChanged.length > 0 ? await readSegmentChoice(tx, ctx.businessId) : null;
    const segmentChanged = otherChanged.filter((f) => (f === "clientTypeId" ? segments?.clientType : segments?.groups));
    const resend = syncedChanged.length > 0 || segmentChanged.length > 0;

    await tx.client.update({
      where: { id: input.clientId, businessId: ctx.businessId },
      data: { ...next, clientTypeId: input.clientTypeId, ...(resend ? MARK_SYNC_PENDING : {}) },
    });
    if (groupsChanged) {
      await tx.clientGroupMember.deleteMany({ where: { clientId: input.clientId, groupId: { notIn: groupIds } } });
      await tx.clientGroupMember.createMany({
        data: groupIds.map((groupId) => ({ clientId: input.clientId, groupId })),
        skipDuplicates: true,
      });
    }
    // Field names only: the audit log says what changed, the profile holds the values.
    await recordAudit(
      {
        action: "client.updated",
        actor: ctx.actor,
        businessId: ctx.businessId,
        target: { type: "client", id: input.clientId },
        details: { changedFields: [...syncedChanged, ...otherChanged] },
      },
      tx,
    );
    return { syncedChanged: [...syncedChanged, ...segmentChanged] };
  });
  if (result.syncedChanged.length > 0) await requestSync(ctx.businessId, "CLIENT_CHANGE");
  return { syncedFieldsChanged: result.syncedChanged };
}
