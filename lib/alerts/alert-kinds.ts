// What each alert says: what happened, what it means for the business's clients, what to do, and where. Used by the
// alert emails and by the settings page where each person turns kinds on or off.
import type { AlertKind } from "../generated/prisma/client";

export const CONSTANT_CONTACT_PAGE = "/setup/integrations/constant-contact";

export type AlertText = {
  /** Short name on the settings page. */
  label: string;
  subject: (businessName: string) => string;
  happened: (details: AlertDetails) => string;
  meaning: string;
  todo: string;
  linkLabel: string;
  linkPath: string;
  resolvedSubject: (businessName: string) => string;
  resolved: string;
};

/** What an incident records when it opens (all optional: each kind uses its own). */
export type AlertDetails = {
  reason?: string;
  resumeAt?: string;
  error?: string;
  count?: number;
  reasons?: string[];
  hours?: number;
};

export const ALERT_KINDS = [
  "RECONNECT_NEEDED",
  "QUOTA_PAUSED",
  "RUN_FAILED",
  "CLIENTS_UNSENDABLE",
  "UNSUBSCRIBE_CHECK_FAILING",
] as const satisfies readonly AlertKind[];

export const ALERT_TEXTS: Record<AlertKind, AlertText> = {
  RECONNECT_NEEDED: {
    label: "Constant Contact needs reconnecting",
    subject: (b) => `Action needed: reconnect Constant Contact for ${b}`,
    happened: () =>
      "Constant Contact stopped accepting our connection to your account (it was disconnected or its access was revoked on Constant Contact's side).",
    meaning:
      "Client changes and new subscribers are not reaching your Constant Contact list. Nothing is lost: they are kept and sent as soon as you reconnect.",
    todo: "Open the Constant Contact page and press Reconnect, then log in to Constant Contact.",
    linkLabel: "Reconnect Constant Contact",
    linkPath: CONSTANT_CONTACT_PAGE,
    resolvedSubject: (b) => `Back to normal: Constant Contact is connected again for ${b}`,
    resolved: "Constant Contact is connected again. Everything that waited is being sent to your list now.",
  },
  QUOTA_PAUSED: {
    label: "Syncing paused by the daily quota",
    subject: (b) => `Syncing with Constant Contact is paused for ${b}`,
    happened: (d) =>
      `Constant Contact's daily request quota for our platform is used up${d.resumeAt ? `; syncing resumes after ${d.resumeAt} (UTC)` : ""}.`,
    meaning:
      "Changes to your clients wait a few hours longer than usual before they reach your Constant Contact list. Nothing is lost.",
    todo: "Nothing: syncing resumes by itself. You can follow it on the Constant Contact page.",
    linkLabel: "See the sync status",
    linkPath: CONSTANT_CONTACT_PAGE,
    resolvedSubject: (b) => `Back to normal: syncing with Constant Contact resumed for ${b}`,
    resolved: "The daily quota was reset and syncing has resumed.",
  },
  RUN_FAILED: {
    label: "A sync failed after its retries",
    subject: (b) => `A sync with Constant Contact failed for ${b}`,
    happened: (d) => `A sync with Constant Contact failed even after several retries${d.error ? `: ${d.error}` : "."}`,
    meaning: "The clients it was sending are still waiting; they are tried again with the next sync.",
    todo: "Open the Constant Contact page to see the run, and press Sync now to try again. If it keeps failing, contact support.",
    linkLabel: "Open the sync status",
    linkPath: CONSTANT_CONTACT_PAGE,
    resolvedSubject: (b) => `Back to normal: syncing with Constant Contact works again for ${b}`,
    resolved: "A sync finished successfully again.",
  },
  CLIENTS_UNSENDABLE: {
    label: "Clients that cannot be sent",
    subject: (b) => `Some clients of ${b} cannot be sent to Constant Contact`,
    happened: (d) =>
      `${d.count ?? "Some"} client${d.count === 1 ? "" : "s"} could not be sent to Constant Contact${d.reasons?.length ? ` (${d.reasons.join("; ")})` : ""}.`,
    meaning: "These clients are not in your Constant Contact list, so they do not receive your emails there.",
    todo: "Open the list of failed clients, correct their details (usually the email address), and press Retry.",
    linkLabel: "See the clients that failed",
    linkPath: `${CONSTANT_CONTACT_PAGE}#failures-title`,
    resolvedSubject: (b) => `Back to normal: every client of ${b} can be sent again`,
    resolved: "No client is failing any more.",
  },
  UNSUBSCRIBE_CHECK_FAILING: {
    label: "Unsubscribe check failing",
    subject: (b) => `We cannot check Constant Contact unsubscribes for ${b}`,
    happened: (d) => `For ${d.hours ?? "several"} hours we could not ask Constant Contact who unsubscribed.`,
    meaning:
      "A client who unsubscribed in Constant Contact may still appear subscribed here until the check works again.",
    todo: "Open the Constant Contact page to check the connection; if it looks fine, contact support.",
    linkLabel: "Open the Constant Contact page",
    linkPath: CONSTANT_CONTACT_PAGE,
    resolvedSubject: (b) => `Back to normal: unsubscribes from Constant Contact are checked again for ${b}`,
    resolved: "The unsubscribe check works again and has caught up.",
  },
};
