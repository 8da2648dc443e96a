// Applies a finished add_list_memberships / remove_list_memberships activity.
import { addToList, isActive, removeFromList } from "../contact-rules";
import type { Activity, ActivityResult, Contact, MembershipSource } from "../model";
import type { AccountStore } from "../state";

/** CC's `new_subscriber` source: contacts who subscribed within the last 30 days. */
const NEW_SUBSCRIBER_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * The contacts a membership or tagging activity's `source` names, resolved against the account as it is now.
 * Unknown and deleted contact ids are skipped; `exclude` applies to list and all-active sources only.
 */
export function resolveSource(store: AccountStore, source: MembershipSource, now: number): Contact[] {
  if (source.contactIds) {
    const unique = [...new Set(source.contactIds)];
    return unique.map((id) => store.contact(id)).filter((c): c is Contact => c !== undefined && c.deletedAt === null);
  }
  const excluded = new Set(source.excludeContactIds ?? []);
  const keep = (c: Contact) => !excluded.has(c.contactId);
  if (source.listIds) {
    const wanted = new Set(source.listIds);
    return store.contacts.filter((c) => c.deletedAt === null && c.listIds.some((id) => wanted.has(id)) && keep(c));
  }
  if (source.tagIds) {
    const wanted = new Set(source.tagIds);
    return store.contacts.filter((c) => c.deletedAt === null && c.tagIds.some((id) => wanted.has(id)));
  }
  if (source.newSubscriber) {
    return store.contacts.filter((c) => isActive(c) && c.optInDate !== null && c.optInDate >= now - NEW_SUBSCRIBER_MS);
  }
  return store.contacts.filter((c) => isActive(c) && keep(c));
}

export function applyMembership(store: AccountStore, activity: Activity, now: number): ActivityResult {
  const result: ActivityResult = { personCount: 0, errorCount: 0, cannotAddToListCount: 0, errors: [] };
  const contacts = resolveSource(store, activity.source ?? {}, now);
  const listIds = activity.listIds.filter((id) => store.list(id) !== undefined);
  for (const contact of contacts) {
    let changed = false;
    for (const listId of listIds) {
      if (activity.kind === "remove_list_memberships") changed = removeFromList(contact, listId) || changed;
      else {
        // Adding never re-subscribes: unsubscribed contacts are skipped, exactly like the import does.
        const outcome = addToList(contact, listId);
        if (outcome === "added") changed = true;
        if (outcome === "unsubscribed") result.cannotAddToListCount++;
        if (outcome === "too_many_lists") {
          result.errorCount++;
          result.errors.push(`Contact ${contact.contactId} is already on the maximum of 50 lists`);
        }
      }
    }
    if (changed) contact.updatedAt = now;
  }
  activity.itemsTotal = contacts.length;
  result.personCount = contacts.length;
  return result;
}
