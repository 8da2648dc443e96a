// Applies a finished contacts_taggings_add / contacts_taggings_remove / contacts_tags_delete activity. Adding never
// takes a contact past 50 tags: such a contact is reported in activity_errors and left as it was, the rest proceed.
import { MAX_TAGS_PER_CONTACT } from "../contact-rules";
import type { Activity, ActivityResult } from "../model";
import type { AccountStore } from "../state";
import { resolveSource } from "./apply-membership";

export function applyTagging(store: AccountStore, activity: Activity, now: number): ActivityResult {
  const result: ActivityResult = { personCount: 0, errorCount: 0, cannotAddToListCount: 0, errors: [] };
  const contacts = resolveSource(store, activity.source ?? {}, now);
  // A tag deleted since the request was accepted is skipped.
  const tagIds = (activity.tagIds ?? []).filter((id) => store.tag(id) !== undefined);
  for (const contact of contacts) {
    let changed = false;
    if (activity.kind === "contacts_taggings_remove") {
      const kept = contact.tagIds.filter((id) => !tagIds.includes(id));
      changed = kept.length !== contact.tagIds.length;
      contact.tagIds = kept;
    } else {
      const added = tagIds.filter((id) => !contact.tagIds.includes(id));
      if (contact.tagIds.length + added.length > MAX_TAGS_PER_CONTACT) {
        result.errorCount++;
        result.errors.push(`Contact ${contact.contactId} would have more than ${MAX_TAGS_PER_CONTACT} tags`);
        continue;
      }
      contact.tagIds.push(...added);
      changed = added.length > 0;
    }
    if (changed) contact.updatedAt = now;
  }
  activity.itemsTotal = contacts.length;
  result.personCount = contacts.length;
  return result;
}

export function applyTagsDelete(store: AccountStore, activity: Activity): ActivityResult {
  const result: ActivityResult = { personCount: 0, errorCount: 0, cannotAddToListCount: 0, errors: [] };
  const tagIds = activity.tagIds ?? [];
  for (const id of tagIds) {
    if (store.tag(id)) continue;
    result.errorCount++;
    result.errors.push(`Tag ${id} was not found`);
  }
  removeTags(store, tagIds);
  return result;
}

/** Removes tags from every contact and from the account (the effect of a completed delete activity). */
export function removeTags(store: AccountStore, tagIds: string[]): number {
  const gone = new Set(tagIds.filter((id) => store.tag(id)));
  if (gone.size === 0) return 0;
  for (const contact of store.contacts) {
    if (contact.tagIds.some((id) => gone.has(id))) contact.tagIds = contact.tagIds.filter((id) => !gone.has(id));
  }
  store.tags = store.tags.filter((tag) => !gone.has(tag.tagId));
  return gone.size;
}
