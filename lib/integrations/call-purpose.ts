// What a provider API call is for: its kind (the ledger's column and the limiter's priority) and the business it is
// made for. Given by the caller that builds the provider's client, never guessed.
import type { ApiCallKind } from "../generated/prisma/client";

export type CallKind = ApiCallKind;
export type CallPurpose = { kind: CallKind; businessId: string };

/**
 * Lower goes first. An owner waiting on Choose list beats everything; a push (someone's change on its way to the
 * list) beats the reconcile sweep's checks, which beat the unsubscribe pulls that run on a schedule anyway.
 */
export const CALL_PRIORITY: Record<CallKind, number> = { INTERACTIVE: 0, PUSH: 1, RECONCILE: 2, UNSUBSCRIBE_PULL: 3 };

/** Background work yields near the day's end and has a per-business share; an owner waiting on the answer does not. */
export function isBackground(kind: CallKind): boolean {
  return kind !== "INTERACTIVE";
}
