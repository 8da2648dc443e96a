// Inngest flow control shared by several functions. Built when the function modules load (also during
// `next build`), hence jobsEnv(): the non-secret settings, without the production secrets check.
import { connectionDisconnected, SyncRequest } from "@/lib/jobs/events";
import { failRunAfterRetries } from "@/lib/sync/fail-run-after-retries";
import { jobsEnv } from "@/lib/env";

/**
 * The platform-wide throttle for the one Constant Contact API key (its limits are shared by every business).
 * Inngest counts whole runs per period, so a fractional rate rounds down, to at least one.
 */
export function ccApiThrottle() {
  const settings = jobsEnv();
  return {
    key: `'${settings.CC_CLIENT_ID}'`,
    limit: Math.max(1, Math.floor(settings.CC_REQUESTS_PER_SECOND)),
    period: "1s" as const,
  };
}

/**
 * A push run of a business, per the issue: one run at a time per business (shared by the debounced sync and
 * "Sync now"), the API key's throttle, and a disconnect cancels the business's runs.
 */
export function syncFlowControl() {
  return {
    concurrency: { key: "'sync-' + event.data.businessId", limit: 1, scope: "env" as const },
    throttle: ccApiThrottle(),
    cancelOn: [{ event: connectionDisconnected, match: "data.businessId" }],
    retries: 5 as const,
    // After the last retry: the run is closed as failed and the owners hear about it (once per incident).
    onFailure: async ({ event, error }: { event: { data: { event: { data: unknown } } }; error: Error }) => {
      const request = SyncRequest.safeParse(event.data.event.data);
      if (request.success) await failRunAfterRetries(request.data.businessId, error.message);
    },
  };
}
