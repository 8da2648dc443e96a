import { z } from "zod";
import { recordAudit } from "../audit";
import { db } from "../db";
import { requestSync } from "../jobs/request-sync";
import type { ClientsContext } from "./client-context";
import { fieldError } from "./load-business-options";
import { ClientOptionKind, clientOptionName, markOptionClientsPending } from "./client-option";
import { ClientOptionName, NAME_IN_USE, nameInUseAsFieldError } from "./client-option-name";

export const RenameClientOptionInput = z.object({
  kind: ClientOptionKind,
  id: z.uuid(),
  name: ClientOptionName,
});
export type RenameClientOptionInput = z.input<typeof RenameClientOptionInput>;

/**
 * Renames a client type or group; its clients are re-sent so Constant Contact shows the new name. `resent` says
 * whether any were (only when the business sends that field).
 */
export async function renameClientOption(
  ctx: ClientsContext,
  raw: RenameClientOptionInput,
): Promise<{ resent: boolean }> {
  const input = RenameClientOptionInput.parse(raw);
  const rename = db.$transaction(async (tx) => {
    const where = { id: input.id, businessId: ctx.businessId };
    const currentName = await clientOptionName(tx, ctx.businessId, input.kind, input.id);
    if (currentName === input.name) return false;
    const taken =
      input.kind === "type"
        ? await tx.clientType.count({ where: { businessId: ctx.businessId, name: input.name, NOT: { id: input.id } } })
        : await tx.clientGroup.count({
            where: { businessId: ctx.businessId, name: input.name, NOT: { id: input.id } },
          });
    if (taken > 0) throw fieldError("name", NAME_IN_USE);
    if (input.kind === "type") await tx.clientType.update({ where, data: { name: input.name } });
    else await tx.clientGroup.update({ where, data: { name: input.name } });
    await recordAudit(
      {
        action: input.kind === "type" ? "client-type.renamed" : "client-group.renamed",
        actor: ctx.actor,
        businessId: ctx.businessId,
        target: { type: input.kind === "type" ? "client-type" : "client-group", id: input.id },
        details: { from: currentName, to: input.name },
      },
      tx,
    );
    return markOptionClientsPending(tx, ctx.businessId, input.kind, input.id);
  });
  const marked = await nameInUseAsFieldError(rename);
  if (marked) await requestSync(ctx.businessId, "CLIENT_CHANGE");
  return { resent: marked };
}
