/**
 * Flow-control numbers for the Inngest function options. Inngest reads these when functions are registered, i.e.
 * when modules load (also during `next build`, where lib/env would demand production secrets), so they come from
 * process.env directly, with the same defaults as lib/env.ts.
 */
export function jobSettings() {
  const number = (value: string | undefined, fallback: number) => (value && Number.isFinite(Number(value)) ? Number(value) : fallback);
  return {
    ccClientId: process.env.CC_CLIENT_ID || "sandbox-client-id",
    requestsPerSecond: Math.max(1, Math.floor(number(process.env.CC_REQUESTS_PER_SECOND, 4))),
    debounceSeconds: Math.max(1, number(process.env.SYNC_DEBOUNCE_SECONDS, 60)),
    dailyCallBudget: Math.max(1, number(process.env.CC_DAILY_CALL_BUDGET, 10_000)),
  };
}
