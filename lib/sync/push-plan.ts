import { dailyCaps } from "../integrations/constant-contact/budget-policy";
import { PULL_SHARE_OF_BUDGET } from "./pull-schedule";

/**
 * How long a connection's client changes may wait between push runs today, so that the day's calls fit the API
 * key's background budget (budget-policy.ts) and no business waits for midnight. Pure: push-pace.ts reads the
 * inputs from the ledger and the runs, the push job sleeps for what is left of the wait.
 *
 * The model. A connection with changes waiting pushes once more for certain. Each connection that pushed within the
 * last day keeps changing at the pace it pushed: r = its push runs of the last 24 hours ÷ 24 hours, or of the last
 * hour ÷ 1 hour when that is more (a burst of edits counts at once, not a day later). Its changes arrive at random
 * (a Poisson process), and a wait of `w` after each push run coalesces whatever arrives in it into the next run, so
 * a run comes once per `w + 1/r` on average: a studio that edits twice a day still pushes twice, one that edits
 * every minute pushes once per `w`. The rest of the day's pushes cost
 *
 *   pushCalls(w) = callsPerPush × (waiting + minutesLeft × Σ r ÷ (1 + r × w))
 *
 * The plan is the debounce when that fits at the debounce, else the shortest wait (in steps of PLAN_STEP_MINUTES, or the input's) that fits;
 * a burst late in the day that fits nothing may spend the margin; when even that is spent, a day: changes then go
 * with the new day's budget.
 * What pushes may plan with: the background budget less the plans' margin (budget-policy.ts) and what the day used,
 * less the pulls' room, PULL_SHARE_OF_BUDGET of it. pull-schedule.ts plans the pulls within what pushes leave at
 * their pace, so each side keeps its share of what is left whoever started the day, and what one leaves unused
 * goes to the other at the next plan.
 */
export const DEFAULT_CALLS_PER_PUSH = 2;
export const PLAN_STEP_MINUTES = 5;
const HOUR_MINUTES = 60;
const DAY_MINUTES = 24 * 60;

export type PushPlanInput = {
  dailyBudget: number;
  /** Calls of the API key today (UTC) so far, every kind, from the ledger. */
  usedToday: number;
  minutesIntoDay: number;
  debounceMinutes: number;
  /** The plan's unit: a wait longer than the debounce is a whole number of these (default PLAN_STEP_MINUTES). */
  stepMinutes?: number;
  /** What a change-driven push run cost lately (import and checks), on average. */
  callsPerPush?: number;
  /** One entry per connection that pushed within the last 24 hours or has changes waiting now. */
  connections: ConnectionPace[];
};

export type ConnectionPace = {
  /** Its push runs started in the last 24 hours, and in the last hour. */
  pushesLastDay: number;
  pushesLastHour: number;
  /** Whether it has client changes waiting to be sent now. */
  waiting: boolean;
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
  const ratesPerMinute = input.connections
    .filter((c) => c.pushesLastDay > 0)
    .map((c) => Math.max(c.pushesLastDay / DAY_MINUTES, (c.pushesLastHour - 1) / HOUR_MINUTES));
  const waiting = input.connections.filter((c) => c.waiting && c.pushesLastDay === 0).length;
  /** What pushes may spend of `budget` for the rest of the day, and the pulls' room in it. */
  const split = (budget: number) => {
    const left = Math.max(0, budget - input.usedToday);
    const pullRoom = left * PULL_SHARE_OF_BUDGET;
    return { pullRoom, forPushes: left - pullRoom };
  };
  const pushCalls = (waitMinutes: number) => {
    let runsPerMinute = 0;
    for (const rate of ratesPerMinute) runsPerMinute += rate / (1 + rate * waitMinutes);
    return callsPerPush * (waiting + minutesLeft * runsPerMinute);
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
  // The calls only fall as the wait grows, so the shortest step that fits is found by bisection (the day
  // simulation plans every minute for a thousand connections).
  const step = input.stepMinutes ?? PLAN_STEP_MINUTES;
  const first = Math.floor(input.debounceMinutes / step) + 1;
  const last = Math.max(first, Math.ceil(minutesLeft / step));
  for (const { forPushes, pullRoom } of [planned, split(backgroundBudget)]) {
    if (pushCalls(last * step) > forPushes) continue;
    let low = first;
    let high = last;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (pushCalls(mid * step) <= forPushes) high = mid;
      else low = mid + 1;
    }
    return plan(low * step, pullRoom);
  }
  // Nothing fits today: the changes wait for the new day's budget (remainingWaitMs ends every wait at midnight).
  return plan(DAY_MINUTES, planned.pullRoom);
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
