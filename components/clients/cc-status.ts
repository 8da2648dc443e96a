import type { ClientSyncStatus } from "@/lib/generated/prisma/enums";

export type CcStatus = { label: string; tone: "ok" | "waiting" | "problem" | "muted"; reason: string | null };

/**
 * Where a client stands with Constant Contact, in the words of the sync status panel's counts (the filter with the
 * same name finds them): an unsubscribe in Constant Contact first (it outranks everything here), then what keeps a
 * client out of the list, then what the last send did.
 */
export function ccStatusOf(client: {
  email: string | null;
  newsOptIn: boolean;
  syncPending: boolean;
  syncState: { status: ClientSyncStatus; lastError: string | null } | null;
}): CcStatus {
  const state = client.syncState?.status;
  if (state === "UNSUBSCRIBED_IN_CC") return { label: "Unsubscribed in Constant Contact", tone: "muted", reason: null };
  if (!client.email) return { label: "No email", tone: "muted", reason: null };
  if (!client.newsOptIn) return { label: "Not opted in", tone: "muted", reason: null };
  if (state === "FAILED")
    return {
      label: "Failed",
      tone: "problem",
      reason: client.syncState?.lastError ?? "Constant Contact did not accept this client.",
    };
  if (client.syncPending)
    return { label: state === "SYNCED" ? "In the list, changes pending" : "Pending", tone: "waiting", reason: null };
  if (state === "SYNCED") return { label: "In the list", tone: "ok", reason: null };
  return { label: "Pending", tone: "waiting", reason: null };
}

export const CC_FILTER_LABELS = {
  in_list: "In the list",
  pending: "Pending",
  failed: "Failed",
  not_opted_in: "Not opted in",
  unsubscribed_in_cc: "Unsubscribed in Constant Contact",
} as const;
