import { PROVIDER_WORDS } from "../provider-words";

// Human wording for audit action keys. Keys come from every part of the app (and new ones keep arriving, e.g.
// `sync.requested_manually`), so an unknown key is still shown readably rather than hidden or failing.

export const AUDIT_ACTION_LABELS: Record<string, string> = {
  "auth.login_locked": "Sign-in locked after repeated failures",
  // {provider}: the provider the entry names (entries from before Mailchimp name none: Constant Contact).
  "integration.connected": "{provider} connected",
  "integration.list_chosen": "{provider} {list} chosen",
  "integration.list_changed": "{provider} {list} changed",
  "integration.disconnected": "{provider} disconnected",
  "integration.needs_reconnect": "{provider} needs reconnecting",
  "integration.segment-fields-changed": "{provider}: what is sent changed",
  "integration.webhook_unsubscribe": "{provider} unsubscribe received",
  "sync.requested_manually": "Sync now requested",
  "client.created": "Client created",
  "client.updated": "Client profile updated",
  "client.consent_changed": "News and updates consent changed",
  "client.portal_link_created": "Client Portal link created",
  "client.portal_invitation_sent": "Client Portal invitation sent",
  "client-type.created": "Client type added",
  "client-type.renamed": "Client type renamed",
  "client-type.deleted": "Client type deleted",
  "client-group.created": "Client group added",
  "client-group.renamed": "Client group renamed",
  "client-group.deleted": "Client group deleted",
  "mail.sent": "Email sent",
  "mail.failed": "Email could not be sent",
  "alerts.preferences_changed": "Alert settings changed",
  "alerts.unsubscribed": "Unsubscribed from an alert",
  "client.portal_password_set": "Client Portal password set",
  "support.impersonation_started": "Support logged in as the business",
  "support.impersonation_stopped": "Support stopped impersonating",
  "support.impersonation_expired": "Support impersonation expired",
};

/** Groups for the action filter: a value ending in ".*" matches every action with that prefix. */
export const AUDIT_ACTION_GROUPS: { value: string; label: string }[] = [
  { value: "integration.*", label: "Mailing-list integrations (all)" },
  { value: "client.*", label: "Clients (all)" },
  { value: "client-type.*", label: "Client types (all)" },
  { value: "client-group.*", label: "Client groups (all)" },
  { value: "sync.*", label: "Sync (all)" },
  { value: "support.*", label: "Support (all)" },
  { value: "auth.*", label: "Sign-in (all)" },
  { value: "mail.*", label: "Email (all)" },
  { value: "alerts.*", label: "Alert settings (all)" },
];

/**
 * The action filter's options: the groups, every known action, and the current one if it is unknown. An option matches
 * entries of every provider, so it names none ("Integration connected", never a "{provider}" placeholder).
 */
export function auditActionOptions(current?: string): { value: string; label: string }[] {
  const known = Object.entries(AUDIT_ACTION_LABELS).map(([value, label]) => ({
    value,
    label: label.replace("{provider} {list}", "Integration list").replace("{provider}", "Integration"),
  }));
  const unknown = current && !current.endsWith(".*") && !AUDIT_ACTION_LABELS[current] ? current : null;
  return [
    { value: "", label: "All actions" },
    ...AUDIT_ACTION_GROUPS,
    ...known,
    ...(unknown ? [{ value: unknown, label: auditActionLabel(unknown) }] : []),
  ];
}

export function auditActionLabel(action: string, details?: unknown): string {
  const known = AUDIT_ACTION_LABELS[action];
  if (known) {
    const named = (details as { provider?: unknown } | undefined)?.provider;
    const words = PROVIDER_WORDS[named === "MAILCHIMP" ? "MAILCHIMP" : "CONSTANT_CONTACT"];
    return known.replace("{provider}", words.name).replace("{list}", words.list);
  }
  // "sync.requested_manually" → "Sync: requested manually"
  const [area, ...rest] = action.split(".");
  const words = (s: string) => s.replace(/[_-]+/g, " ").trim();
  const head = words(area ?? action);
  const tail = words(rest.join(" "));
  const capitalized = head.charAt(0).toUpperCase() + head.slice(1);
  return tail ? `${capitalized}: ${tail}` : capitalized || action;
}
