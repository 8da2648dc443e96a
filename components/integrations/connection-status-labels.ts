import type { ConnectionStatus } from "@/lib/generated/prisma/enums";

/** Words for a connection's status: the integration page and the support console say the same. */
export const CONNECTION_STATUS_LABELS: Record<ConnectionStatus, string> = {
  NEEDS_LIST: "Connected: choose a list",
  ACTIVE: "Active: syncing",
  NEEDS_RECONNECT: "Needs reconnecting",
  DISCONNECTED: "Disconnected",
};
