import type { CcClient } from "../constant-contact/api-client";
import { recordImported, recordImportFailed } from "./client-sync-state";
import { addToRun } from "./sync-runs";

export type ImportCheck = { done: boolean; percent: number };

/**
 * Looks at an import activity once. When it has finished, records the outcome: every client in it synced
 * (compare-and-delete on their queued versions), or, if the activity as a whole failed, the clients stay pending with
 * the reason and go out again in a later run. Constant Contact does not itemise failed rows; we validate rows
 * before sending, so its error count is recorded on the run, not guessed per client.
 */
export async function checkImport(
  input: { runId: string; businessId: string; listId: string; activityId: string },
  cc: CcClient,
): Promise<ImportCheck> {
  const activity = await cc.getActivity(input.activityId);
  const percent = Math.round(activity.percent_done ?? 0);
  if (activity.state === "initialized" || activity.state === "processing") {
    await addToRun(input.runId, {}, { phase: "importing", activityPercent: percent });
    return { done: false, percent };
  }
  if (activity.state === "completed") {
    const errors = activity.status?.error_count ?? 0;
    const recorded = await recordImported(input.businessId, input.activityId, input.listId);
    await addToRun(
      input.runId,
      { ...recorded, failed: errors, skipped: activity.status?.cannot_add_to_list_count ?? 0 },
      { activityPercent: 100 },
    );
    return { done: true, percent: 100 };
  }
  const reason = `Constant Contact's import ${activity.state}${activity.activity_errors[0] ? `: ${activity.activity_errors[0]}` : ""}. It will be retried.`;
  const failed = await recordImportFailed(input.businessId, input.activityId, reason);
  await addToRun(input.runId, { failed }, { activityPercent: 100 });
  return { done: true, percent: 100 };
}

/** Growing pauses between looks at an activity: 1 s, 2 s, 4 s … up to 30 s. */
export function importPollDelayMs(attempt: number): number {
  return Math.min(30_000, 1_000 * 2 ** attempt);
}
