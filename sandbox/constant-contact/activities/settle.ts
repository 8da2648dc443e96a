// Applies the effects of every activity whose time has come. Called at the start of each request, so effects
// appear lazily and a read before completion does not see them yet.
import type { SandboxState } from "../state";
import { applyImport } from "./apply-import";
import { applyMembership } from "./apply-membership";
import { applyTagging, applyTagsDelete } from "./apply-tagging";
import { completesAt } from "./progress";

export function settleActivities(state: SandboxState): void {
  const now = state.now();
  const due = [...state.activities.values()]
    .filter((activity) => activity.result === null && completesAt(activity) <= now)
    .sort((a, b) => completesAt(a) - completesAt(b));
  for (const activity of due) {
    const store = state.store(activity.accountId);
    if (!store) continue;
    // Effects are stamped with the completion time, as if CC had processed them then.
    const at = completesAt(activity);
    switch (activity.kind) {
      case "contacts_json_import":
        activity.result = applyImport(state, store, activity, at);
        break;
      case "add_list_memberships":
      case "remove_list_memberships":
        activity.result = applyMembership(store, activity, at);
        break;
      case "contacts_taggings_add":
      case "contacts_taggings_remove":
        activity.result = applyTagging(store, activity, at);
        break;
      case "contacts_tags_delete":
        activity.result = applyTagsDelete(store, activity);
        break;
    }
    activity.importRows = [];
    state.touch();
  }
}

/** Bulk activities not yet completed, which CC caps at 1,000 per account. */
export function queuedActivityCount(state: SandboxState, accountId: string): number {
  const now = state.now();
  let count = 0;
  for (const activity of state.activities.values()) {
    if (activity.accountId === accountId && activity.result === null && completesAt(activity) > now) count++;
  }
  return count;
}
