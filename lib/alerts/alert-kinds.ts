// What each alert says: what happened, what it means for the business's clients, what to do, and where. Used by the
// alert emails and by the settings page where each person turns kinds on or off.
import type { AlertKind, Provider } from "../generated/prisma/client";
import { PROVIDER_WORDS } from "../provider-words";

export type AlertText = {
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

/** Each kind's short name on the settings page, where a person turns it on or off for every provider at once. */
export const ALERT_LABELS: Record<AlertKind, string> = {
  RECONNECT_NEEDED: "A mailing-list connection needs reconnecting",
  QUOTA_PAUSED: "Syncing paused by the daily quota",
  RUN_FAILED: "A sync failed after its retries",
  CLIENTS_UNSENDABLE: "Clients that cannot be sent",
  UNSUBSCRIBE_CHECK_FAILING: "Unsubscribe check failing",
};

/** What an alert about one provider's sync says. */
export function alertTexts(kind: AlertKind, provider: Provider): AlertText {
  const { name, list, path } = PROVIDER_WORDS[provider];
  const texts: Record<AlertKind, AlertText> = {
    RECONNECT_NEEDED: {
      subject: (b) => `Action needed: reconnect ${name} for ${b}`,
      happened: () =>
        `${name} stopped accepting our connection to your account (it was disconnected or its access was revoked on ${name}'s side).`,
      meaning: `Client changes and new subscribers are not reaching your ${name} ${list}. Nothing is lost: they are kept and sent as soon as you reconnect.`,
      todo: `Open the ${name} page and press Reconnect, then log in to ${name}.`,
      linkLabel: `Reconnect ${name}`,
      linkPath: path,
      resolvedSubject: (b) => `Back to normal: ${name} is connected again for ${b}`,
      resolved: `${name} is connected again. Everything that waited is being sent to your list now.`,
    },
    QUOTA_PAUSED: {
      subject: (b) => `Syncing with ${name} is paused for ${b}`,
      happened: (d) =>
        `${name}'s daily request quota for our platform is used up${d.resumeAt ? `; syncing resumes after ${d.resumeAt} (UTC)` : ""}.`,
      meaning: `Changes to your clients wait a few hours longer than usual before they reach your ${name} ${list}. Nothing is lost.`,
      todo: `Nothing: syncing resumes by itself. You can follow it on the ${name} page.`,
      linkLabel: "See the sync status",
      linkPath: path,
      resolvedSubject: (b) => `Back to normal: syncing with ${name} resumed for ${b}`,
      resolved: "The daily quota was reset and syncing has resumed.",
    },
    RUN_FAILED: {
      subject: (b) => `A sync with ${name} failed for ${b}`,
      happened: (d) => `A sync with ${name} failed even after several retries${d.error ? `: ${d.error}` : "."}`,
      meaning: "The clients it was sending are still waiting; they are tried again with the next sync.",
      todo: `Open the ${name} page to see the run, and press Sync now to try again. If it keeps failing, contact support.`,
      linkLabel: "Open the sync status",
      linkPath: path,
      resolvedSubject: (b) => `Back to normal: syncing with ${name} works again for ${b}`,
      resolved: "A sync finished successfully again.",
    },
    CLIENTS_UNSENDABLE: {
      subject: (b) => `Some clients of ${b} cannot be sent to ${name}`,
      happened: (d) =>
        `${d.count ?? "Some"} client${d.count === 1 ? "" : "s"} could not be sent to ${name}${d.reasons?.length ? ` (${d.reasons.join("; ")})` : ""}.`,
      meaning: `These clients are not in your ${name} ${list}, so they do not receive your emails there.`,
      todo: "Open the list of failed clients, correct their details (usually the email address), and press Retry.",
      linkLabel: "See the clients that failed",
      linkPath: `${path}#failures-title`,
      resolvedSubject: (b) => `Back to normal: every client of ${b} can be sent again`,
      resolved: "No client is failing any more.",
    },
    UNSUBSCRIBE_CHECK_FAILING: {
      subject: (b) => `We cannot check ${name} unsubscribes for ${b}`,
      happened: (d) => `For ${d.hours ?? "several"} hours we could not ask ${name} who unsubscribed.`,
      meaning: `A client who unsubscribed in ${name} may still appear subscribed here until the check works again.`,
      todo: `Open the ${name} page to check the connection; if it looks fine, contact support.`,
      linkLabel: `Open the ${name} page`,
      linkPath: path,
      resolvedSubject: (b) => `Back to normal: unsubscribes from ${name} are checked again for ${b}`,
      resolved: "The unsubscribe check works again and has caught up.",
    },
  };
  return texts[kind];
}
