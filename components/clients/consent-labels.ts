import type { ClientSyncStatus, ConsentChangeSource, ConsentMethod } from "@/lib/generated/prisma/enums";

/** Words for the consent enums, shared by the staff profile and the portal. */
export const CONSENT_METHOD_LABELS: Record<ConsentMethod, string> = {
  IN_PERSON: "In person",
  IN_WRITING: "In writing",
  AT_SIGN_UP: "At sign-up",
  CLIENT_PORTAL: "In the Client Portal",
};

export const CONSENT_SOURCE_LABELS: Record<ConsentChangeSource, string> = {
  STAFF: "Staff",
  CLIENT_PORTAL: "Client Portal",
  CONSTANT_CONTACT: "Constant Contact unsubscribe",
  IMPORT: "Import",
};

export const SYNC_STATUS_LABELS: Record<ClientSyncStatus, string> = {
  PENDING: "Waiting to be sent",
  SYNCED: "Synced",
  FAILED: "Failed",
  NOT_OPTED_IN: "Not sent (not subscribed)",
  UNSUBSCRIBED_IN_CC: "Unsubscribed in Constant Contact",
  NO_EMAIL: "Not sent (no email)",
};
