import type { BusinessContext } from "@/lib/auth/business-context";
import { ZonedTime } from "@/components/time/zoned-time";
import { StopImpersonationButton } from "./stop-impersonation-button";
import { TimeLeft } from "./time-left";

/**
 * Shown on every page of the admin shell while a support user is impersonating: who is looking at which business,
 * how long is left, and Stop. Renders nothing otherwise.
 */
export function ImpersonationBanner({
  ctx,
  timeZone,
}: {
  ctx: BusinessContext;
  /** The business's zone, which the end time is written in. */
  timeZone: string;
}) {
  const impersonation = ctx.impersonation;
  if (!impersonation) return null;
  return (
    <div
      role="region"
      aria-label="Support impersonation"
      className="border-b-4 border-purple-700 bg-purple-100 text-purple-950"
      data-testid="impersonation-banner"
    >
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-2 sm:px-6 text-sm">
        <p className="font-medium">
          Viewing {ctx.businessName} as support: {impersonation.supportUserName}
        </p>
        <span className="text-purple-800">
          Every action is recorded in the audit log ·{" "}
          <TimeLeft expiresAt={impersonation.expiresAt.toISOString()} serverNow={impersonation.checkedAt.getTime()} />{" "}
          (until <ZonedTime at={impersonation.expiresAt} timeZone={timeZone} show="exact" />)
        </span>
        <span className="ml-auto">
          <StopImpersonationButton />
        </span>
      </div>
    </div>
  );
}
