import { z } from "zod";
import { db } from "../db";
import { recordAudit } from "../audit";
import { requestSync } from "../jobs/request-sync";
import { Prisma } from "../generated/prisma/client";
import type { ClientsContext } from "./client-context";
import { ClientFieldsInput, syncedColumnsOf } from "./client-fields";
import { assertOwnOptions } from "./load-business-options";

export const CreateClientInput = ClientFieldsInput.extend({
  /**
   * Generated once per "New client" form (crypto.randomUUID in the browser). The button is also disabled while
   * saving, but that alone does not cover a retried request or two tabs: the unique (businessId, creationKey)
   * index makes the second submission find the first client instead of creating another.
   */
  creationKey: z.uuid("Reload the page and try again."),
});
export type CreateClientInput = z.input<typeof CreateClientInput>;

/**
 * Creates a client. A new client is born "pending sync" (syncVersion 1, queued in ClientSyncPending by the insert's
 * trigger); without consent the sync sends nothing for it, but the engine still records its state.
 */
export async function createClient(
  ctx: ClientsContext,
  raw: CreateClientInput,
): Promise<{ id: string; created: boolean }> {
  const input = CreateClientInput.parse(raw);
  const existing = await findByCreationKey(ctx.businessId, input.creationKey);
  if (existing) return { id: existing, created: false };
  let id: string;
  try {
    id = await db.$transaction(async (tx) => {
      const groupIds = await assertOwnOptions(tx, ctx.businessId, input.clientTypeId, input.groupIds);
      const client = await tx.client.create({
        data: {
          businessId: ctx.businessId,
          ...syncedColumnsOf(input),
          clientTypeId: input.clientTypeId,
          creationKey: input.creationKey,
          groups: { create: groupIds.map((groupId) => ({ groupId })) },
        },
        select: { id: true },
      });
      await recordAudit(
        {
          action: "client.created",
          actor: ctx.actor,
          businessId: ctx.businessId,
          target: { type: "client", id: client.id },
        },
        tx,
      );
      return client.id;
    });
  } catch (error) {
    // Two submissions raced past the lookup above: the unique index let one through; answer with that one.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const winner = await findByCreationKey(ctx.businessId, input.creationKey);
      if (winner) return { id: winner, created: false };
    }
    throw error;
  }
  await requestSync(ctx.businessId, "CLIENT_CHANGE");
  return { id, created: true };
}

async function findByCreationKey(businessId: string, creationKey: string): Promise<string | null> {
  const row = await db.client.findUnique({
    where: { businessId_creationKey: { businessId, creationKey } },
    select: { id: true },
  });
  return row?.id ?? null;
}
