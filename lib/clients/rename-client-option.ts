import { z } from "zod";
import { recordAudit } from "../audit";
import { NotFoundError } from "../auth/errors";
import { db, type Tx } from "../db";
import { requestSync } from "../jobs/request-sync";
import type { ClientsContext } from "./client-context";
import { fieldError } from "./load-business-options";
import { markGroupMembersPending, markTypeClientsPending, readSegmentChoice } from "./mark-segment-pending";

export const ClientOptionKind = z.enum(["type", "group"]);
export type ClientOptionKind = z.infer<typeof ClientOptionKind>;

export const RenameClientOptionInput = z.object({
  kind: ClientOptionKind,
  id: z.uuid(),
  name: z.string().trim().min(1, "Enter a name.").max(100, "Use at most 100 characters."),
});
export type RenameClientOptionInput = z.input<typeof RenameClientOptionInput>;

/**
 * Marks the clients of a type or group pending when that value is sent to Constant Contact (the same transaction
 * as the change, so a rename or delete there never leaves an orphan value behind). True when any was marked.
 */
export async function markOptionClientsPending(tx: Tx, businessId: string, kind: ClientOptionKind, id: string) {
  const choice = await readSegmentChoice(tx, businessId);
  if (kind === "type") return choice.clientType && (await markTypeClientsPending(tx, businessId, id)) > 0;
  return choice.groups && (await markGroupMembersPending(tx, businessId, id)) > 0;
}

/** Renames a client type or group; its clients are re-sent so Constant Contact shows the new name. */
export async function renameClientOption(ctx: ClientsContext, raw: RenameClientOptionInput): Promise<void> {
  const input = RenameClientOptionInput.parse(raw);
  const marked = await db.$transaction(async (tx) => {
    const where = { id: input.id, businessId: ctx.businessId };
    const current =
      input.kind === "type"
        ? await tx.clientType.findFirst({ where, select: { name: true } })
        : await tx.clientGroup.findFirst({ where, select: { name: true } });
    if (!current) throw new NotFoundError();
    if (current.name === input.name) return false;
    const taken =
      input.kind === "type"
        ? await tx.clientType.count({ where: { businessId: ctx.businessId, name: input.name, NOT: { id: input.id } } })
        : await tx.clientGroup.count({
            where: { businessId: ctx.businessId, name: input.name, NOT: { id: input.id } },
          });
    if (taken > 0) throw fieldError("name", "That name is already in use.");
    if (input.kind === "type") await tx.clientType.update({ where, data: { name: input.name } });
    else await tx.clientGroup.update({ where, data: { name: input.name } });
    await recordAudit(
      {
        action: input.kind === "type" ? "client-type.renamed" : "client-group.renamed",
        actor: ctx.actor,
        businessId: ctx.businessId,
        target: { type: input.kind === "type" ? "client-type" : "client-group", id: input.id },
        details: { from: current.name, to: input.name },
      },
      tx,
    );
    return markOptionClientsPending(tx, ctx.businessId, input.kind, input.id);
  });
  if (marked) await requestSync(ctx.businessId, "CLIENT_CHANGE");
}
