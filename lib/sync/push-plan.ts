import { dailyCaps } from "../integrations/constant-contact/budget-policy";
import { PULL_SHARE_OF_BUDGET } from "./pull-schedule";

/**
 * How long a connection's client changes may wait between push runs today, so that the day's calls fit the API
 * key's background budget (budget-policy.ts) and no business waits for midnight. Pure: push-pace.ts reads the
 * inputs from the ledger and the runs, the push job sleeps for what is left of the wait.
 *
 * The model. A connection that pushed within the last `w` minutes (or has changes waiting) is assumed to keep
 * changing: with a wait of `w` it pushes at most once per `w`, and at least once an hour is assumed of it (a wait
 * under an hour is not assumed to coalesce anything). So the rest of the day's pushes cost
 *
 *   pushCalls(w) = callsPerPush × minutesLeft × changers(within max(w, 60)) ÷ max(w, 60)
 *
 * The plan is the debounce when that fits at the debounce, else the shortest wait (in PLAN_STEP_MINUTES) that fits;
 * a burst late in the day that fits nothing may spend the margin; when even that is spent, a day: changes then go
 * with the new day's budget.
 * What pushes may plan with: the background budget less the plans' margin (budget-policy.ts) and what the day used,
 * less the pulls' room, PULL_SHARE_OF_BUDGET of it. pull-schedule.ts plans the pulls within what pushes leave at
 * their pace, so each side keeps its half of what is left whoever started the day, and what one leaves unused
 * goes half to the other at the next plan.
 */
export const DEFAULT_CALLS_PER_PUSH = 2;
/** Below an hour the model sees no coalescing, so a batching plan is an hour or more, in steps of this. */
export const PLAN_STEP_MINUTES = 5;
const HOUR_MINUTES = 60;
const DAY_MINUTES = 24 * 60;

export type PushPlanInput = {
  dailyBudget: number;
  /** Calls of the API key today (UTC) so far, every kind, from the ledger. */
  usedToday: number;
  minutesIntoDay: number;
  debounceMinutes: number;
  /** What a change-driven push run cost lately (import and checks), on average. */
  callsPerPush?: number;
  /**
   * One entry per connection that pushed a change lately: minutes since its last push run started; 0 for a
   * connection whose changes are waiting now.
   */
  changers: number[];
};

export type PushPlan = {
  /** The planned wait between push runs of one connection for client changes, in minutes. */
  waitMinutes: number;
  debounceMinutes: number;
  /** Background work's share of the day (the interactive reserve is never planned). */
  backgroundBudget: number;
  /** What the plan aims at: the background budget less the margin. */
  target: number;
  /** The day's calls if the rest of it goes as planned: used so far, the pulls' room, the pushes at the wait. */
  projectedCalls: number;
};

export function planPushWait(input: PushPlanInput): PushPlan {
  const minutesLeft = Math.max(1, DAY_MINUTES - input.minutesIntoDay);
  const { background: backgroundBudget, planned: target } = dailyCaps(input.dailyBudget);
  // A push costs its import at least, whatever runs without a call (nothing left to send) did to the average.
  const callsPerPush = Math.max(1, input.callsPerPush ?? DEFAULT_CALLS_PER_PUSH);
  const sorted = [...input.changers].sort((a, b) => a - b);
  /** What pushes may spend of `budget` for the rest of the day, and the pulls' room in it. */
  const split = (budget: number) => {
    const left = Math.max(0, budget - input.usedToday);
    const pullRoom = left * PULL_SHARE_OF_BUDGET;
    return { pullRoom, forPushes: left - pullRoom };
  };
  const pushCalls = (waitMinutes: number) => {
    const window = Math.max(waitMinutes, HOUR_MINUTES);
    return (callsPerPush * minutesLeft * countAtMost(sorted, window)) / window;
  };
  const plan = (waitMinutes: number, pullRoom: number): PushPlan => ({
    waitMinutes,
    debounceMinutes: input.debounceMinutes,
    backgroundBudget,
    target,
    projectedCalls: Math.round(input.usedToday + pullRoom + pushCalls(waitMinutes)),
  });

  const planned = split(target);
  if (pushCalls(input.debounceMinutes) <= planned.forPushes) return plan(input.debounceMinutes, planned.pullRoom);
  // The shortest wait that fits the plan; past the plan (a burst late in the day) the margin is spent rather than
  // keeping the day's changes for midnight; a wait of the rest of the day sends each connection's changes once more.
  for (const { forPushes, pullRoom } of [planned, split(backgroundBudget)]) {
    const longest = Math.max(HOUR_MINUTES, Math.ceil(minutesLeft / PLAN_STEP_MINUTES) * PLAN_STEP_MINUTES);
    for (let wait = HOUR_MINUTES; wait <= longest; wait += PLAN_STEP_MINUTES)
      if (wait > input.debounceMinutes && pushCalls(wait) <= forPushes) return plan(wait, pullRoom);
  }
  // Nothing fits today: the changes wait for the new day's budget (remainingWaitMs ends every wait at midnight).
  return plan(DAY_MINUTES, planned.pullRoom);
}

/** How many of the ascending `values` are at most `limit`. */
function countAtMost(values: number[], limit: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (values[mid]! <= limit) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * What is left of the plan's wait for one connection whose last push run started `sinceLastPushMinutes` ago: never
 * past midnight (UTC), when the day's budget is new and the plan is made again.
 */
export function remainingWaitMs(input: {
  plan: Pick<PushPlan, "waitMinutes" | "debounceMinutes">;
  sinceLastPushMinutes: number | null;
  minutesIntoDay: number;
}): number {
  if (input.sinceLastPushMinutes === null || input.plan.waitMinutes <= input.plan.debounceMinutes) return 0;
  const left = Math.min(input.plan.waitMinutes - input.sinceLastPushMinutes, DAY_MINUTES - input.minutesIntoDay);
  return Math.max(0, Math.ceil(left * 60_000));
}
