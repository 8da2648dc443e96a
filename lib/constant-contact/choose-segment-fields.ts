import "server-only";
import { z } from "zod";
import type { BusinessContext } from "../auth/business-context";
import { UserFacingError } from "../auth/errors";
import { recordAudit } from "../audit";
import { markSegmentFieldPending, type SegmentChoice } from "../clients/mark-segment-pending";
import { db } from "../db";
import { requestSync } from "../jobs/request-sync";
import { assertCanManageIntegration } from "./permissions";

export const ChooseSegmentFieldsInput = z.object({ clientType: z.boolean(), groups: z.boolean() });
export type ChooseSegmentFieldsInput = z.infer<typeof ChooseSegmentFieldsInput>;

/**
 * The owner's choice of what is sent besides name, email and city. Who is synced does not change (only clients
 * opted in to news and updates); a field turned on is sent for every opted-in client (one pass through the usual
 * import), a field turned off is cleared wherever we sent it. Both are marked in the same transaction as the choice.
 */
export async function chooseSegmentFields(
  ctx: BusinessContext,
  raw: ChooseSegmentFieldsInput,
): Promise<{ changed: boolean; marked: number }> {
  assertCanManageIntegration(ctx);
  const input = ChooseSegmentFieldsInput.parse(raw);
  const result = await db.$transaction(async (tx) => {
    const [connection] = await tx.$queryRaw<{ status: string; sendClientType: boolean; sendGroups: boolean }[]>`
      SELECT status, "sendClientType", "sendGroups" FROM "ConstantContactConnection"
      WHERE "businessId" = ${ctx.businessId}::uuid FOR UPDATE`;
    if (!connection || connection.status === "DISCONNECTED") {
      throw new UserFacingError("Connect Constant Contact before choosing what is sent.");
    }
    const before: SegmentChoice = { clientType: connection.sendClientType, groups: connection.sendGroups };
    const changedKeys = (["clientType", "groups"] as const).filter((key) => before[key] !== input[key]);
    if (changedKeys.length === 0) return { changed: false, marked: 0 };
    await tx.constantContactConnection.update({
      where: { businessId: ctx.businessId },
      data: { sendClientType: input.clientType, sendGroups: input.groups, segmentFieldsError: null },
    });
    let marked = 0;
    for (const key of changedKeys) {
      marked += await markSegmentFieldPending(tx, ctx.businessId, key, input[key] ? "opted-in" : "sent");
    }
    await recordAudit(
      {
        action: "constant-contact.segment-fields-changed",
        actor: ctx.actor,
        businessId: ctx.businessId,
        target: { type: "constant-contact-connection", id: ctx.businessId },
        details: { clientType: input.clientType, groups: input.groups },
      },
      tx,
    );
    return { changed: true, marked };
  });
  if (result.marked > 0) await requestSync(ctx.businessId, "CLIENT_CHANGE");
  return result;
}
