// What renaming and deleting a client type or group share: which kind it is, its current name (within the
// business), and marking its clients pending when that value is sent to Constant Contact.
import { z } from "zod";
import { UserFacingError } from "../errors";
import type { Tx } from "../db";
import { markGroupMembersPending, markTypeClientsPending, readSegmentChoice } from "./mark-segment-pending";

export const ClientOptionKind = z.enum(["type", "group"]);
export type ClientOptionKind = z.infer<typeof ClientOptionKind>;

export const OPTION_GONE: Record<ClientOptionKind, string> = {
  type: "That client type no longer exists (it may have been deleted in another tab). Reload the page.",
  group: "That group no longer exists (it may have been deleted in another tab). Reload the page.",
};

/**
 * The option's current name. An id of another business, or of one deleted meanwhile (in another tab), gets the
 * same answer: it no longer exists here, which reveals nothing about other businesses and tells the person what to do.
 */
export async function clientOptionName(tx: Tx, businessId: string, kind: ClientOptionKind, id: string) {
  const where = { id, businessId };
  const current =
    kind === "type"
      ? await tx.clientType.findFirst({ where, select: { name: true } })
      : await tx.clientGroup.findFirst({ where, select: { name: true } });
  if (!current) throw new UserFacingError(OPTION_GONE[kind]);
  return current.name;
}

/**
 * Marks the clients of a type or group pending when that value is sent to Constant Contact (the same transaction
 * as the change, so a rename or delete there never leaves an orphan value behind). True when any was marked.
 */
export async function markOptionClientsPending(tx: Tx, businessId: string, kind: ClientOptionKind, id: string) {
  const choice = await readSegmentChoice(tx, businessId);
  if (kind === "type") return choice.clientType && (await markTypeClientsPending(tx, businessId, id)) > 0;
  return choice.groups && (await markGroupMembersPending(tx, businessId, id)) > 0;
}
