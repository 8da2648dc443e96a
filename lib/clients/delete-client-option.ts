import { z } from "zod";
import { recordAudit } from "../audit";
import { db } from "../db";
import { requestSync } from "../jobs/request-sync";
import type { ClientsContext } from "./client-context";
import { ClientOptionKind, clientOptionName, markOptionClientsPending } from "./client-option";

export const DeleteClientOptionInput = z.object({ kind: ClientOptionKind, id: z.uuid() });
export type DeleteClientOptionInput = z.input<typeof DeleteClientOptionInput>;

/**
 * Deletes a client type (its clients keep no type) or group (its memberships go with it). The clients are marked
 * pending first, in the same transaction, so the value is cleared in Constant Contact too (`resent`: any were).
 */
export async function deleteClientOption(
  ctx: ClientsContext,
  raw: DeleteClientOptionInput,
): Promise<{ resent: boolean }> {
  const input = DeleteClientOptionInput.parse(raw);
  const marked = await db.$transaction(async (tx) => {
    const where = { id: input.id, businessId: ctx.businessId };
    const name = await clientOptionName(tx, ctx.businessId, input.kind, input.id);
    const marked = await markOptionClientsPending(tx, ctx.businessId, input.kind, input.id);
    if (input.kind === "type") await tx.clientType.delete({ where });
    else await tx.clientGroup.delete({ where });
    await recordAudit(
      {
        action: input.kind === "type" ? "client-type.deleted" : "client-group.deleted",
        actor: ctx.actor,
        businessId: ctx.businessId,
        target: { type: input.kind === "type" ? "client-type" : "client-group", id: input.id },
        details: { name },
      },
      tx,
    );
    return marked;
  });
  if (marked) await requestSync(ctx.businessId, "CLIENT_CHANGE");
  return { resent: marked };
}
