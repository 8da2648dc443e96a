// Applies a finished add_list_memberships / remove_list_memberships activity.
import { addToList, isActive, removeFromList } from "../contact-rules";
import type { Activity, ActivityResult, Contact, MembershipSource } from "../model";
import type { AccountStore } from "../state";

/** The contacts a membership activity's `source` names, resolved against the account as it is now. */
export function resolveSource(store: AccountStore, source: MembershipSource): Contact[] {
  if (source.contactIds) {
    return source.contactIds
      .map((id) => store.contact(id))
      .filter((c): c is Contact => c !== undefined && c.deletedAt === null);
  }
  if (source.listIds) {
    const wanted = new Set(source.listIds);
    return store.contacts.filter((c) => c.deletedAt === null && c.listIds.some((id) => wanted.has(id)));
  }
  return store.contacts.filter(isActive);
}

export function applyMembership(store: AccountStore, activity: Activity, now: number): ActivityResult {
  const result: ActivityResult = { personCount: 0, errorCount: 0, cannotAddToListCount: 0, errors: [] };
  const contacts = resolveSource(store, activity.source ?? {});
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
