// CC's rules about a contact's permission and list memberships, shared by every endpoint that changes them.
import type { Contact, Source } from "./model";

/** CC caps list memberships per contact. */
export const MAX_LISTS_PER_CONTACT = 50;

/** "Active" in CC's sense: may be emailed (the `active` status filter and active membership counts). */
export function isActive(contact: Contact): boolean {
  return contact.deletedAt === null && (contact.permission === "implicit" || contact.permission === "explicit");
}

export function isUnsubscribed(contact: Contact): boolean {
  return contact.permission === "unsubscribed";
}

/**
 * An opt-out changes only the email_address part (permission, opt_out_*, email_address.updated_at). The contact's own
 * updated_at stays put, which is why `GET /contacts?updated_after=` never sees unsubscribes.
 */
export function unsubscribe(contact: Contact, now: number, source: Source, reason: string | null = null): void {
  contact.permission = "unsubscribed";
  contact.optOutSource = source;
  contact.optOutDate = now;
  contact.optOutReason = reason;
  contact.emailUpdatedAt = now;
}

export type AddToListOutcome = "added" | "already_member" | "unsubscribed" | "too_many_lists";

/** Adding to a list never re-subscribes: an unsubscribed contact is refused (CC's cannot_add_to_list). */
export function addToList(contact: Contact, listId: string): AddToListOutcome {
  if (isUnsubscribed(contact)) return "unsubscribed";
  if (contact.listIds.includes(listId)) return "already_member";
  if (contact.listIds.length >= MAX_LISTS_PER_CONTACT) return "too_many_lists";
  contact.listIds.push(listId);
  return "added";
}

export function removeFromList(contact: Contact, listId: string): boolean {
  const index = contact.listIds.indexOf(listId);
  if (index < 0) return false;
  contact.listIds.splice(index, 1);
  return true;
}

/** A loose version of what CC accepts: something@domain.tld without spaces. */
export function isValidEmail(email: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim());
}

/** CC caps tags per contact (`taggings` maxItems in the OpenAPI file). */
export const MAX_TAGS_PER_CONTACT = 50;
