import { ZonedTime } from "@/components/time/zoned-time";
import type { ClientProfile } from "@/lib/clients/get-client-profile";
import { SYNC_STATUS_LABELS } from "./consent-labels";

/** What the sync engine last recorded for this client (ClientSyncState), and what will not fit Constant Contact. */
export function SyncStatus({ profile }: { profile: ClientProfile }) {
  const state = profile.syncState;
  return (
    <div className="space-y-2 text-sm">
      <p data-testid="sync-status">
        {state ? (
          <>
            <span className="font-medium">{SYNC_STATUS_LABELS[state.status]}</span>
            {state.lastSentAt ? (
              <>
                {" · last sent "}
                <ZonedTime at={state.lastSentAt} timeZone={profile.timeZone} show="exact" />
              </>
            ) : (
              " · never sent"
            )}
          </>
        ) : (
          <span className="font-medium">Not yet synced</span>
        )}
        {profile.syncPending && state && " · changes waiting to be sent"}
      </p>
      {state?.lastError && <p className="text-red-700">Last error: {state.lastError}</p>}
      {state && (state.syncedClientType || state.syncedGroups) && (
        <dl className="grid grid-cols-[8rem_1fr] gap-y-1" data-testid="sync-segment-values">
          <dt className="text-slate-500">Client type sent</dt>
          <dd className="break-words">{state.syncedClientType ?? "—"}</dd>
          <dt className="text-slate-500">Groups sent</dt>
          <dd className="break-words">{state.syncedGroups ?? "—"}</dd>
        </dl>
      )}
      {state?.segmentNote && <p className="text-amber-900">{state.segmentNote}</p>}
      {profile.syncIssues.length > 0 && (
        <ul className="list-disc space-y-1 pl-5 text-amber-900" aria-label="Constant Contact warnings">
          {profile.syncIssues.map((issue) => (
            <li key={issue.field} className="break-words">
              {issue.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
