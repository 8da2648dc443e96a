import "server-only";
import { z } from "zod";
import type { BusinessContext } from "../auth/business-context";
import { UserFacingError } from "../auth/errors";
import { recordAudit } from "../audit";
import { db } from "../db";
import { requestSync } from "../jobs/request-sync";
import { ccClientForConnection } from "./client-for-connection";
import type { CcConfig } from "./config";
import { lockConnection } from "./connection-token-store";
import { CcBadRequestError, CcBudgetError, CcNotFoundError, CcRateLimitError, ReconnectRequiredError } from "./errors";
import { assertCanManageIntegration } from "./permissions";
import type { CallGate } from "./rate-limiter";
import type { ContactList } from "./schemas";

export const ChooseListInput = z.object({ listId: z.string().trim().min(1, "Choose a list.").max(100) });
export type ChooseListInput = z.infer<typeof ChooseListInput>;

export type ContactListChoice = { listId: string; name: string; memberCount: number | null };

type Deps = { config?: CcConfig; pacer?: CallGate };

async function usableConnection(ctx: BusinessContext) {
  const connection = await db.constantContactConnection.findUnique({
    where: { businessId: ctx.businessId },
    select: { id: true, status: true },
  });
  if (!connection || (connection.status !== "NEEDS_LIST" && connection.status !== "ACTIVE")) {
    throw new UserFacingError("Connect Constant Contact before choosing a list.");
  }
  return connection;
}

/** Turns CC failures into messages for the dialog (the details go to the log, without tokens). */
function userFacing(error: unknown): never {
  if (error instanceof UserFacingError) throw error;
  if (error instanceof ReconnectRequiredError)
    throw new UserFacingError("Constant Contact needs to be reconnected before you can choose a list.");
  if (error instanceof CcNotFoundError || error instanceof CcBadRequestError)
    throw new UserFacingError("That list no longer exists in Constant Contact. Choose another one.");
  if (error instanceof CcBudgetError || (error instanceof CcRateLimitError && error.kind === "quota_exceeded"))
    throw new UserFacingError("Constant Contact's daily limit is reached. Try again after midnight UTC.");
  console.warn("Constant Contact lists could not be read", error instanceof Error ? error.message : error);
  throw new UserFacingError("Constant Contact could not be reached. Try again in a moment.");
}

/** The account's contact lists for the Choose list dialog (all pages), sorted by name. */
export async function contactListsForBusiness(ctx: BusinessContext, deps: Deps = {}): Promise<ContactListChoice[]> {
  assertCanManageIntegration(ctx);
  const connection = await usableConnection(ctx);
  let lists: ContactList[];
  try {
    lists = await ccClientForConnection(connection.id, {
      ...deps,
      purpose: { kind: "INTERACTIVE", businessId: ctx.businessId },
    }).listContactLists();
  } catch (error) {
    userFacing(error);
  }
  return lists
    .map((l) => ({ listId: l.list_id, name: l.name, memberCount: l.membership_count ?? null }))
    .sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: "base" }));
}

/**
 * Save in the Choose list dialog. The list is looked up at CC (it must exist in the connected account); a new list
 * bumps syncGeneration so every opted-in client is sent to it. The old list is left as it is.
 */
export async function chooseList(
  ctx: BusinessContext,
  input: ChooseListInput,
  deps: Deps = {},
): Promise<{ listId: string; listName: string; changed: boolean }> {
  assertCanManageIntegration(ctx);
  const connection = await usableConnection(ctx);
  let list: ContactList;
  try {
    list = await ccClientForConnection(connection.id, {
      ...deps,
      purpose: { kind: "INTERACTIVE", businessId: ctx.businessId },
    }).getContactList(input.listId);
  } catch (error) {
    userFacing(error);
  }
  const changed = await db.$transaction(async (tx) => {
    await lockConnection(tx, connection.id);
    const current = await tx.constantContactConnection.findUnique({
      where: { id: connection.id },
      select: { status: true, listId: true, listName: true },
    });
    if (!current || (current.status !== "NEEDS_LIST" && current.status !== "ACTIVE")) {
      throw new UserFacingError("Constant Contact was disconnected meanwhile. Connect it again to choose a list.");
    }
    const isChange = current.listId !== list.list_id;
    await tx.constantContactConnection.update({
      where: { id: connection.id },
      data: {
        status: "ACTIVE",
        listId: list.list_id,
        listName: list.name,
        ...(isChange ? { listChosenAt: new Date(), syncGeneration: { increment: 1 } } : {}),
      },
    });
    if (isChange) {
      await recordAudit(
        {
          action: current.listId ? "integration.list_changed" : "integration.list_chosen",
          actor: ctx.actor,
          businessId: ctx.businessId,
          target: { type: "ConstantContactConnection", id: connection.id },
          details: {
            listId: list.list_id,
            listName: list.name,
            ...(current.listId ? { previousListId: current.listId, previousListName: current.listName ?? "" } : {}),
          },
        },
        tx,
      );
    }
    return isChange;
  });
  await requestSync(ctx.businessId, "LIST_SAVED");
  return { listId: list.list_id, listName: list.name, changed };
}
