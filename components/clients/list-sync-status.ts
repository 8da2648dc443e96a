import type { ClientSyncStatus, Provider } from "@/lib/generated/prisma/enums";
import { PROVIDER_WORDS } from "@/lib/provider-words";

export type ListSyncStatus = { label: string; tone: "ok" | "waiting" | "problem" | "muted"; reason: string | null };

/**
 * Where a client stands with one connection, in the words of its sync status panel's counts (the filter with the
 * same name finds them): an unsubscribe in the provider first (it outranks everything here), then what keeps a
 * client out of the list, then what the last send did.
 */
export function listSyncStatusOf(
  client: { email: string | null; newsOptIn: boolean },
  sync: {
    provider: Provider;
    syncPending: boolean;
    syncState: { status: ClientSyncStatus; lastError: string | null } | null;
  },
): ListSyncStatus {
  const name = PROVIDER_WORDS[sync.provider].name;
  const state = sync.syncState?.status;
  if (state === "UNSUBSCRIBED_IN_PROVIDER") return { label: `Unsubscribed in ${name}`, tone: "muted", reason: null };
  if (state === "BOUNCED")
    return { label: "Email bouncing", tone: "problem", reason: `${name} will not send to this address.` };
  if (!client.email) return { label: "No email", tone: "muted", reason: null };
  if (!client.newsOptIn) return { label: "Not opted in", tone: "muted", reason: null };
  if (state === "FAILED")
    return {
      label: "Failed",
      tone: "problem",
      reason: sync.syncState?.lastError ?? `${name} did not accept this client.`,
    };
  if (sync.syncPending)
    return { label: state === "SYNCED" ? "In the list, changes pending" : "Pending", tone: "waiting", reason: null };
  if (state === "SYNCED") return { label: "In the list", tone: "ok", reason: null };
  return { label: "Pending", tone: "waiting", reason: null };
}

/** The filters of the clients list, in the words of a connection's status panel. */
export function syncFilterLabels(provider: Provider) {
  return {
    in_list: "In the list",
    pending: "Pending",
    failed: "Failed",
    not_opted_in: "Not opted in",
    unsubscribed_in_provider: `Unsubscribed in ${PROVIDER_WORDS[provider].name}`,
    bouncing: "Email bouncing",
  } as const;
}
