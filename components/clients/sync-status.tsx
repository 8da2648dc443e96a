import { ZonedTime } from "@/components/time/zoned-time";
import type { ClientSync } from "@/lib/sync/status/client-sync";
import { PROVIDER_WORDS } from "@/lib/provider-words";
import { formatDay } from "@/components/time/format-time";
import { BOUNCE_WORDS } from "./bounce-words";
import { syncStatusLabel } from "./consent-labels";

/**
 * What the sync engine last recorded for this client with one connection (ClientSyncState), and what will not fit
 * the provider's fields.
 */
export function SyncStatus({ sync, timeZone }: { sync: ClientSync; timeZone: string }) {
  const state = sync.syncState;
  const name = PROVIDER_WORDS[sync.provider].name;
  return (
    <div className="space-y-2 text-sm">
      <p data-testid="sync-status">
        {state ? (
          <>
            <span className="font-medium">{syncStatusLabel(state.status, sync.provider)}</span>
            {state.lastSentAt ? (
              <>
                {" · last sent "}
                <ZonedTime at={state.lastSentAt} timeZone={timeZone} show="exact" />
              </>
            ) : (
              " · never sent"
            )}
          </>
        ) : (
          <span className="font-medium">Not yet synced</span>
        )}
        {sync.syncPending && state && " · changes waiting to be sent"}
      </p>
      {state?.lastError && <p className="text-red-700">Last error: {state.lastError}</p>}
      {sync.bounce && (
        <p data-testid="email-bouncing" className={BOUNCE_WORDS[sync.bounce.kind].needsAction ? "text-red-700" : ""}>
          <span className="font-medium">Email bouncing</span>: {BOUNCE_WORDS[sync.bounce.kind].words} (
          {sync.bounce.campaignName ? `${sync.bounce.campaignName}, ` : ""}
          {formatDay(sync.bounce.bouncedAt, timeZone)}).{" "}
          {BOUNCE_WORDS[sync.bounce.kind].needsAction
            ? "Check the address with the client; editing the email clears this."
            : "An automatic reply, not a problem with the address: nothing to do."}
        </p>
      )}
      {state && (state.syncedClientType || state.syncedGroups) && (
        <dl className="grid grid-cols-[8rem_1fr] gap-y-1" data-testid="sync-segment-values">
          <dt className="text-slate-500">Client type sent</dt>
          <dd className="break-words">{state.syncedClientType ?? "—"}</dd>
          <dt className="text-slate-500">Groups sent</dt>
          <dd className="break-words">{state.syncedGroups ?? "—"}</dd>
        </dl>
      )}
      {state?.segmentNote && <p className="text-amber-900">{state.segmentNote}</p>}
      {sync.syncIssues.length > 0 && (
        <ul className="list-disc space-y-1 pl-5 text-amber-900" aria-label={`${name} warnings`}>
          {sync.syncIssues.map((issue) => (
            <li key={issue.field} className="break-words">
              {issue.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
