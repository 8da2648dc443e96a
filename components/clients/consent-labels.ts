import type { ClientSyncStatus, ConsentChangeSource, ConsentMethod, Provider } from "@/lib/generated/prisma/enums";
import { PROVIDER_WORDS } from "@/lib/provider-words";

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
  MAILCHIMP: "Mailchimp unsubscribe",
};

export function syncStatusLabel(status: ClientSyncStatus, provider: Provider): string {
  const labels: Record<ClientSyncStatus, string> = {
    PENDING: "Waiting to be sent",
    SYNCED: "Synced",
    FAILED: "Failed",
    NOT_OPTED_IN: "Not sent (not subscribed)",
    UNSUBSCRIBED_IN_PROVIDER: `Unsubscribed in ${PROVIDER_WORDS[provider].name}`,
    NO_EMAIL: "Not sent (no email)",
    BOUNCED: `Not sent: the address bounced in ${PROVIDER_WORDS[provider].name}`,
  };
  return labels[status];
}
