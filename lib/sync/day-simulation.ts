import { dailyCaps } from "../integrations/constant-contact/budget-policy";
import {
  BOUNCE_PULL_INTERVAL_MINUTES,
  DEFAULT_CALLS_PER_PULL,
  duePulls,
  nextUnsubscribeRate,
  pullIntervalForDay,
} from "./pull-schedule";
import { DEFAULT_CALLS_PER_PUSH, planPushWait, remainingWaitMs, type ConnectionPace, type PushPlan } from "./push-plan";

/**
 * Days of the platform's Constant Contact budget, minute by minute on a fake clock, driven by the code the app runs:
 * the push plan (push-plan.ts) decides when a connection's changes may go, the pull schedule (pull-schedule.ts)
 * which connections are pulled at each 5-minute tick, the caps (budget-policy.ts) what the limiter refuses. Pure and
 * deterministic (seeded), so a test can hold the policy to its promises and `npm run bench:platform -- --hours 24`
 * can measure a whole day in seconds.
 *
 * What it does not model: the database, the job runner's own delays, network time, the pull's cost growing with an
 * account's unsubscribes, retries. A push or pull costs a fixed number of calls, decided at the minute it starts: a
 * push that looks at its import `callsPerPush`, one that only sends (a batching plan) 1; a pull `callsPerPull`, and
 * 1 more when it reads the answers of pushes that only sent.
 */
const DAY_MINUTES = 24 * 60;
const TICK_MINUTES = 5;
/** The limiter's slot: any rate + 1 consecutive calls span more than a second (platform-limiter.ts). */
const slotMs = (requestsPerSecond: number) => (1_000 + 250) / requestsPerSecond;

export type SimulatedBusiness = {
  /** Client edits an hour at a minute of the day (0 … 1,439). */
  editsPerHour: (minuteOfDay: number) => number;
  /** Contacts unsubscribing on Constant Contact's side, an hour. */
  unsubscribesPerHour: number;
};

/** People waiting on an answer, each a business a day, and what each costs in calls. */
export type InteractiveRates = {
  /** Sync now: a pull and, when changes are waiting, a push run, both at once and both interactive (sync/manual). */
  syncNowPerDay: number;
  /** Choose list: one GET /contact_lists. */
  chooseListPerDay: number;
  /** Connecting: GET /account/summary and GET /contact_lists (the OAuth token exchange is not a v3 API call). */
  connectPerDay: number;
};

export const NO_INTERACTIVE: InteractiveRates = { syncNowPerDay: 0, chooseListPerDay: 0, connectPerDay: 0 };

export type DaySimulationOptions = {
  dailyBudget: number;
  requestsPerSecond: number;
  /** The measured stretch, from 00:00 UTC. */
  hours: number;
  debounceMinutes: number;
  /** A push run that looks at its import (the import and the look 2 s later). */
  callsPerPush?: number;
  /**
   * A pull with its campaign look (the unsubscribe scan and the look): 1 less when the look is not due, 1 more when
   * it reads the answers of pushes that only sent.
   */
  callsPerPull?: number;
  /**
   * Whether a push on a batching day only sends and its answer is read with the next pull (the app's behaviour,
   * push.ts settleLater); false for the what-if of every push looking at its own import.
   */
  settleAtPull?: boolean;
  interactive?: InteractiveRates;
  /** A day before the measured one, so the plan starts from yesterday's changers and pulls, as in production. */
  warmUp?: boolean;
  /** After the measured stretch, how long the platform runs on (new events included) for its late events to land. */
  drainMinutes?: number;
  seed: number;
};

export type DaySimulation = {
  businesses: number;
  budget: number;
  background: number;
  /** Calls of the measured stretch, every kind, and by kind. */
  callsUsed: number;
  byKind: { push: number; pull: number; interactive: number };
  /** Calls of each hour of the measured stretch, by kind. */
  byHour: { push: number; pull: number; interactive: number }[];
  /** Calls sent within a second that already had the key's rate of calls (Constant Contact would answer 429). */
  throttled: number;
  /** Interactive calls the key's daily budget had no room for (what Constant Contact would refuse as over quota). */
  quotaExceeded: number;
  /** Background calls the background budget or a business's share refused (a change refused again each minute). */
  backgroundRefused: number;
  /** Minutes a business had a change due that the day's budget kept for 00:00 UTC, summed over businesses. */
  minutesWaitingForMidnight: number;
  /** Minutes from each edit of the measured stretch to its push run's import, by the hour the edit was made. */
  changeToListMinutesByHour: number[][];
  /** Edits of the measured stretch still waiting when the simulation ended. */
  editsNotLanded: number;
  /** Minutes from each unsubscribe of the measured stretch to the pull that applied it. */
  unsubscribeStalenessMinutes: number[];
  unsubscribesNotApplied: number;
  /** Milliseconds each interactive call of the measured stretch waited for the limiter's slot. */
  interactiveWaitsMs: number[];
  /** Every planned wait of the measured stretch, in minutes. */
  plannedWaits: number[];
  /** The longest pull interval the schedule planned in the measured stretch, in minutes. */
  longestPullIntervalMinutes: number;
  /** Each business's push runs in the measured stretch (the benchmark seeds a day in progress from them). */
  pushesByBusiness: number[];
};

/** A deterministic random source (mulberry32), so a simulated day is the same in every run. */
export function randomSource(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Arrivals in a minute of a Poisson process of `perMinute` (Knuth's method: the rates here are well under one). */
function arrivals(random: () => number, perMinute: number): number {
  if (perMinute <= 0) return 0;
  const limit = Math.exp(-perMinute);
  let count = 0;
  for (let p = random(); p > limit; p *= random()) count++;
  return count;
}

type State = {
  pending: number[];
  lastPushAt: number | null;
  /** When its push runs of the last 24 hours started, oldest first. */
  pushesLastDay: number[];
  lastPullAt: number | null;
  /** The schedule's estimate of its unsubscribes a day (pull-schedule.ts nextUnsubscribeRate). */
  unsubscribesPerDay: number;
  unsubscribes: number[];
  usedToday: number;
  /** Pushes that only sent (a batching plan): their answer is read with the next pull, one call for all of them. */
  unsettled: number;
  /** When a pull last looked for campaigns (bounces). */
  lastBounceLookAt: number | null;
  /** Its push runs in the measured stretch. */
  pushesMeasured: number;
};

export function simulateDay(businesses: SimulatedBusiness[], options: DaySimulationOptions): DaySimulation {
  const random = randomSource(options.seed);
  const caps = dailyCaps(options.dailyBudget);
  const callsPerPush = options.callsPerPush ?? DEFAULT_CALLS_PER_PUSH;
  const callsPerPull = options.callsPerPull ?? DEFAULT_CALLS_PER_PULL;
  const interactive = options.interactive ?? NO_INTERACTIVE;
  const measuredEnd = Math.round(options.hours * 60);
  const start = options.warmUp ? -DAY_MINUTES : 0;
  const end = measuredEnd + (options.drainMinutes ?? DAY_MINUTES);
  const measured = (minute: number) => minute >= 0 && minute < measuredEnd;
  const spacing = slotMs(options.requestsPerSecond);

  const states: State[] = businesses.map((business) => ({
    pending: [],
    lastPushAt: null,
    pushesLastDay: [],
    lastPullAt: null,
    // As in a steady state: the estimate has had weeks of pulls to learn the account's rate.
    unsubscribesPerDay: business.unsubscribesPerHour * 24,
    unsubscribes: [],
    usedToday: 0,
    unsettled: 0,
    lastBounceLookAt: null,
    pushesMeasured: 0,
  }));
  const result: DaySimulation = {
    businesses: businesses.length,
    budget: options.dailyBudget,
    background: caps.background,
    callsUsed: 0,
    byKind: { push: 0, pull: 0, interactive: 0 },
    byHour: Array.from({ length: Math.ceil(options.hours) }, () => ({ push: 0, pull: 0, interactive: 0 })),
    throttled: 0,
    quotaExceeded: 0,
    backgroundRefused: 0,
    minutesWaitingForMidnight: 0,
    changeToListMinutesByHour: Array.from({ length: Math.ceil(options.hours) }, () => []),
    editsNotLanded: 0,
    unsubscribeStalenessMinutes: [],
    unsubscribesNotApplied: 0,
    interactiveWaitsMs: [],
    plannedWaits: [],
    longestPullIntervalMinutes: 0,
    pushesByBusiness: [],
  };
  const waits = new Set<number>();
  const settleAtPull = options.settleAtPull ?? true;
  /** The platform's change-driven pushes of the last 24 hours and what they cost. */
  const recentPushes: { minute: number; cost: number }[] = [];
  let recentPushCalls = 0;
  let usedToday = 0;
  let pushUsedToday = 0;
  let day = Math.floor(start / DAY_MINUTES);

  // The limiter's slots: background calls queue at the minute they start, interactive ones go first.
  let nextFreeMs = start * 60_000;
  let backlog = 0;
  const lastSecond: number[] = [];
  const send = (atMs: number) => {
    while (lastSecond.length > 0 && lastSecond[0]! <= atMs - 1_000) lastSecond.shift();
    if (lastSecond.length >= options.requestsPerSecond && atMs >= 0 && atMs < measuredEnd * 60_000) result.throttled++;
    lastSecond.push(atMs);
  };

  /** Counts calls against the day and the business; false when the limiter's caps refuse them. */
  const charge = (state: State, calls: number, kind: "push" | "pull" | "interactive", minute: number): boolean => {
    if (kind === "interactive") {
      if (usedToday + calls > caps.all) {
        if (measured(minute)) result.quotaExceeded += calls;
        return false;
      }
    } else if (usedToday + calls > caps.background || state.usedToday + calls > caps.perBusiness) {
      if (measured(minute)) result.backgroundRefused += calls;
      return false;
    } else state.usedToday += calls;
    usedToday += calls;
    if (kind === "push") pushUsedToday += calls;
    if (measured(minute)) {
      result.callsUsed += calls;
      result.byKind[kind] += calls;
      result.byHour[Math.floor(minute / 60)]![kind] += calls;
    }
    return true;
  };

  const pushRun = (state: State, minute: number) => {
    for (const at of state.pending) {
      if (measured(at)) result.changeToListMinutesByHour[Math.floor(at / 60)]!.push(minute - at);
    }
    state.pending = [];
    state.lastPushAt = minute;
    state.pushesLastDay.push(minute);
    if (measured(minute)) state.pushesMeasured++;
  };
  const pull = (state: State, minute: number) => {
    if (state.lastPullAt !== null)
      state.unsubscribesPerDay = nextUnsubscribeRate({
        previous: state.unsubscribesPerDay,
        found: state.unsubscribes.length,
        sinceLastPullMinutes: minute - state.lastPullAt,
      });
    for (const at of state.unsubscribes) if (measured(at)) result.unsubscribeStalenessMinutes.push(minute - at);
    state.unsubscribes = [];
    state.lastPullAt = minute;
  };

  for (let minute = start; minute < end; minute++) {
    while (recentPushes.length > 0 && recentPushes[0]!.minute <= minute - DAY_MINUTES)
      recentPushCalls -= recentPushes.shift()!.cost;
    const minuteOfDay = ((minute % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES;
    if (Math.floor(minute / DAY_MINUTES) !== day) {
      day = Math.floor(minute / DAY_MINUTES);
      usedToday = 0;
      pushUsedToday = 0;
      for (const s of states) s.usedToday = 0;
    }
    if (minute >= measuredEnd && !states.some((s) => s.pending.some(measured) || s.unsubscribes.some(measured))) break;

    // What happened during the minute before: edits, unsubscribes on Constant Contact's side, people clicking.
    const clicks: { atMs: number; state: State; action: keyof InteractiveRates }[] = [];
    businesses.forEach((business, i) => {
      const state = states[i]!;
      const previous = minute - 1;
      const edits = arrivals(random, business.editsPerHour(minuteOfDay) / 60);
      for (let k = 0; k < edits; k++) state.pending.push(previous + random());
      const unsubscribes = arrivals(random, business.unsubscribesPerHour / 60);
      for (let k = 0; k < unsubscribes; k++) state.unsubscribes.push(previous + random());
      for (const action of Object.keys(interactive) as (keyof InteractiveRates)[]) {
        const count = arrivals(random, interactive[action] / DAY_MINUTES);
        for (let k = 0; k < count; k++) clicks.push({ atMs: (minute + random()) * 60_000, state, action });
      }
    });
    for (const s of states) s.pending.sort((a, b) => a - b);

    // People first: their calls take the first free slots, ahead of the minute's background work.
    clicks.sort((a, b) => a.atMs - b.atMs);
    /** Each action's calls are made one after another: the next is asked for when the one before is sent. */
    const people: { atMs: number; calls: number }[] = [];
    for (const click of clicks) {
      const at = click.atMs / 60_000;
      const calls =
        click.action === "chooseListPerDay"
          ? 1
          : click.action === "connectPerDay"
            ? 2
            : callsPerPull + (click.state.unsettled > 0 ? 1 : 0) + (click.state.pending.length > 0 ? callsPerPush : 0);
      if (!charge(click.state, calls, "interactive", minute)) continue;
      people.push({ atMs: click.atMs, calls });
      if (click.action !== "syncNowPerDay") continue;
      if (click.state.pending.length > 0) pushRun(click.state, at);
      click.state.unsettled = 0;
      pull(click.state, at);
    }

    // The plan, from the day so far and the connections that pushed in the last 24 hours or have changes waiting.
    const connections: ConnectionPace[] = [];
    for (const s of states) {
      while (s.pushesLastDay.length > 0 && s.pushesLastDay[0]! <= minute - DAY_MINUTES) s.pushesLastDay.shift();
      if (s.pending.length === 0 && s.pushesLastDay.length === 0) continue;
      let lastHour = 0;
      for (let k = s.pushesLastDay.length - 1; k >= 0 && s.pushesLastDay[k]! > minute - 60; k--) lastHour++;
      connections.push({
        pushesLastDay: s.pushesLastDay.length,
        pushesLastHour: lastHour,
        waiting: s.pending.length > 0,
      });
    }
    const plan: PushPlan = planPushWait({
      dailyBudget: options.dailyBudget,
      usedToday,
      minutesIntoDay: minuteOfDay,
      debounceMinutes: options.debounceMinutes,
      // What change-driven pushes cost lately (push-pace.ts: the finished ones' average), as the app measures it.
      callsPerPush: recentPushes.length > 0 ? recentPushCalls / recentPushes.length : callsPerPush,
      connections,
    });
    if (measured(minute)) waits.add(plan.waitMinutes);

    let background = 0;
    if (minuteOfDay % TICK_MINUTES === 0) {
      const interval = pullIntervalForDay({
        activeConnections: businesses.length,
        dailyBudget: options.dailyBudget,
        callsPerPull,
        usedToday,
        pushUsedToday,
        minutesIntoDay: minuteOfDay,
      });
      if (minute === start)
        // Pulls as in a steady state: each connection's last one somewhere in the interval before.
        for (const s of states) s.lastPullAt = minute - random() * interval;
      if (measured(minute)) result.longestPullIntervalMinutes = Math.max(result.longestPullIntervalMinutes, interval);
      // The scheduler's tick (pull.ts): each connection's own interval by its unsubscribe rate, the most overdue first.
      const due = duePulls(
        states.map((s, i) => ({
          id: i,
          lastPullAt: s.lastPullAt,
          unsubscribesPerDay: s.unsubscribesPerDay,
          callsPerPull,
        })),
        { now: minute, intervalMinutes: interval, tickMinutes: TICK_MINUTES, weighted: true },
      ).map((i) => states[i]!);
      for (const s of due) {
        // The campaign look at most every BOUNCE_PULL_INTERVAL_MINUTES, the look at imports when some await it.
        const lookForBounces =
          s.lastBounceLookAt === null || minute - s.lastBounceLookAt >= BOUNCE_PULL_INTERVAL_MINUTES;
        const cost = callsPerPull - (lookForBounces ? 0 : 1) + (s.unsettled > 0 ? 1 : 0);
        if (!charge(s, cost, "pull", minute)) continue;
        background += cost;
        s.unsettled = 0;
        if (lookForBounces) s.lastBounceLookAt = minute;
        pull(s, minute);
      }
    }

    // A push run starts when the debounce is over and what is left of the planned wait is nothing.
    for (const s of states) {
      const first = s.pending[0];
      if (first === undefined || minute < first + options.debounceMinutes) continue;
      const sinceLastPush = s.lastPushAt === null ? null : minute - s.lastPushAt;
      const left = remainingWaitMs({ plan, sinceLastPushMinutes: sinceLastPush, minutesIntoDay: minuteOfDay });
      if (left > 0) {
        if (plan.waitMinutes >= DAY_MINUTES && measured(minute)) result.minutesWaitingForMidnight++;
        continue;
      }
      // On a batching day a push only sends (push.ts settleLater): one call, its answer read with the next pull.
      const settleLater = settleAtPull && plan.waitMinutes > plan.debounceMinutes;
      const cost = settleLater ? 1 : callsPerPush;
      if (!charge(s, cost, "push", minute)) {
        if (measured(minute)) result.minutesWaitingForMidnight++;
        continue;
      }
      background += cost;
      if (settleLater) s.unsettled++;
      recentPushes.push({ minute, cost });
      recentPushCalls += cost;
      pushRun(s, minute);
    }

    // The minute's calls through the limiter's slots: an interactive call waits only for the slot in use.
    backlog += background;
    const minuteEndMs = (minute + 1) * 60_000;
    let t = Math.max(nextFreeMs, minute * 60_000);
    while (people.length > 0 || (backlog > 0 && t < minuteEndMs)) {
      const first = people.reduce((a, b) => (b.atMs < a.atMs ? b : a), people[0]!);
      if (first !== undefined && first.atMs <= t) {
        if (measured(minute)) result.interactiveWaitsMs.push(t - first.atMs);
        first.calls--;
        first.atMs = t;
        if (first.calls === 0) people.splice(people.indexOf(first), 1);
      } else if (backlog > 0 && t < minuteEndMs) backlog--;
      else {
        t = first!.atMs;
        continue;
      }
      send(t);
      t += spacing;
    }
    nextFreeMs = t;
  }

  for (const s of states) {
    result.editsNotLanded += s.pending.filter(measured).length;
    result.unsubscribesNotApplied += s.unsubscribes.filter(measured).length;
  }
  result.plannedWaits = [...waits].sort((a, b) => a - b);
  result.pushesByBusiness = states.map((s) => s.pushesMeasured);
  return result;
}
