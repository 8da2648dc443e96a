// Adding a client type or group to a business. A new one has no clients yet, so nothing is sent to Constant
// Contact until a client is given it (lib/clients/update-client-profile.ts marks that client pending).
import { z } from "zod";
import { recordAudit } from "../audit";
import { db } from "../db";
import type { ClientsContext } from "./client-context";
import { ClientOptionKind } from "./client-option";
import { ClientOptionName, NAME_IN_USE, nameInUseAsFieldError } from "./client-option-name";
import { fieldError } from "./load-business-options";

export const CreateClientOptionInput = z.object({ kind: ClientOptionKind, name: ClientOptionName });
export type CreateClientOptionInput = z.input<typeof CreateClientOptionInput>;

/** Creates a client type or group; a name the business already uses for that kind is a field error. */
export async function createClientOption(ctx: ClientsContext, raw: CreateClientOptionInput): Promise<{ id: string }> {
  const input = CreateClientOptionInput.parse(raw);
  const create = db.$transaction(async (tx) => {
    const data = { businessId: ctx.businessId, name: input.name };
    const taken =
      input.kind === "type" ? await tx.clientType.count({ where: data }) : await tx.clientGroup.count({ where: data });
    if (taken > 0) throw fieldError("name", NAME_IN_USE);
    const { id } =
      input.kind === "type"
        ? await tx.clientType.create({ data, select: { id: true } })
        : await tx.clientGroup.create({ data, select: { id: true } });
    await recordAudit(
      {
        action: input.kind === "type" ? "client-type.created" : "client-group.created",
        actor: ctx.actor,
        businessId: ctx.businessId,
        target: { type: input.kind === "type" ? "client-type" : "client-group", id },
        details: { name: input.name },
      },
      tx,
    );
    return { id };
  });
  return nameInUseAsFieldError(create);
}
