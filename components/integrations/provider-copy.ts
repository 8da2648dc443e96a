// What each provider's page says that is the provider's own: how it keeps the list, what becomes of a contact who
// leaves it, and where the segment values go. Everything else on the page is the same words with the provider's name.
import type { Provider } from "@/lib/generated/prisma/enums";

export type ProviderCopy = {
  /** The intro's bullets, after the common ones. */
  bullets: string[];
  clientTypeDetail: string;
  groupsDetail: string;
  /** How an "off" is undone and what of the owner's own data is never touched. */
  segmentsNote: string;
  /** The Choose list dialog's line about the contact's other lists. */
  otherLists: string;
  /** Whether the status says when bounces were last read (a provider whose bounces are pulled on a schedule). */
  showsBounceCheck: boolean;
};

export const PROVIDER_COPY: Record<Provider, ProviderCopy> = {
  CONSTANT_CONTACT: {
    bullets: [
      "The sync is one-way, from here to Constant Contact, except unsubscribes: a client who unsubscribes in Constant Contact is unsubscribed here too.",
      "Changes reach Constant Contact within minutes, not 24 hours.",
      "Contacts keep all their other Constant Contact lists: we only add to and remove from the list you choose.",
      "Bounces of your Constant Contact email campaigns come back too: a client whose address bounced shows it on their profile.",
    ],
    clientTypeDetail: 'Sent as the Constant Contact custom field "Client type", for example "Member".',
    groupsDetail: 'Sent as the custom field "Client groups": the client\'s group names, separated by commas.',
    segmentsNote:
      "Turning one on sends it for every synced client; turning it off clears it in Constant Contact. Contacts' other custom fields and tags are never touched.",
    otherLists: "Contacts keep their other lists.",
    showsBounceCheck: true,
  },
  MAILCHIMP: {
    bullets: [
      "Unsubscribes and bounced addresses in Mailchimp come back here within seconds: a client who unsubscribes there is unsubscribed here too, and a bouncing address shows on the client's profile.",
      "Changes reach Mailchimp within minutes, not 24 hours.",
      "A client who unsubscribes here is unsubscribed in Mailchimp, never deleted; nobody is ever subscribed again by the sync (Mailchimp asks the person to confirm instead).",
    ],
    clientTypeDetail: 'Sent as the audience field "Client type" (merge tag CTYPE), for example "Member".',
    groupsDetail:
      'Sent as Mailchimp groups in the hidden category "Client groups", one per group: segment with "Client groups is one of …".',
    segmentsNote:
      "Turning one on sends it for every synced client; turning it off clears it in Mailchimp. Members' other fields, groups and tags are never touched.",
    otherLists: "Only this audience is changed.",
    showsBounceCheck: false,
  },
};
