// An activity's progress is a function of time, computed when asked: no timers keep the process alive, and a fake
// clock in tests moves activities forward without waiting.
import type { Activity } from "../model";

export type ActivityState = "initialized" | "processing" | "completed";

export interface ActivityProgress {
  state: ActivityState;
  percentDone: number;
  startedAt: number | null;
  completedAt: number | null;
  updatedAt: number;
}

/** CC keeps activity status reports for 10 days. */
export const ACTIVITY_RETENTION_MS = 10 * 24 * 60 * 60 * 1000;

/** The first quarter of the delay is spent queued ("initialized"), the rest "processing". */
export function startsAt(activity: Activity): number {
  return activity.createdAt + Math.floor(activity.delayMs / 4);
}

export function completesAt(activity: Activity): number {
  return activity.createdAt + activity.delayMs;
}

export function progressOf(activity: Activity, now: number): ActivityProgress {
  const start = startsAt(activity);
  const end = completesAt(activity);
  // An activity whose effects were applied is complete, whatever the clock says since.
  if (activity.result !== null || now >= end) {
    return { state: "completed", percentDone: 100, startedAt: start, completedAt: end, updatedAt: end };
  }
  if (now < start)
    return { state: "initialized", percentDone: 0, startedAt: null, completedAt: null, updatedAt: activity.createdAt };
  const percentDone = Math.min(99, Math.floor(((now - start) / Math.max(1, end - start)) * 100));
  return { state: "processing", percentDone, startedAt: start, completedAt: null, updatedAt: now };
}
