import { formatEnteredDay } from "@/components/time/format-time";
import { ZonedTime } from "@/components/time/zoned-time";
import type { ClientProfile } from "@/lib/clients/get-client-profile";
import { CONSENT_METHOD_LABELS, CONSENT_SOURCE_LABELS } from "./consent-labels";

const onOff = (v: boolean) => (v ? "Subscribed" : "Not subscribed");

/** Every change of the opt-in: when, from what to what, who or what changed it and, for an opt-in, the consent. */
export function ConsentHistory({ history, timeZone }: { history: ClientProfile["history"]; timeZone: string }) {
  if (history.length === 0) return <p className="text-sm text-slate-600">No changes yet.</p>;
  return (
    <table className="stacked-table w-full text-left text-sm" aria-label="Consent history">
      <thead className="text-slate-500">
        <tr>
          <th className="py-1 pr-3 font-medium">When</th>
          <th className="py-1 pr-3 font-medium">Change</th>
          <th className="py-1 pr-3 font-medium">Changed by</th>
          <th className="py-1 font-medium">Consent</th>
        </tr>
      </thead>
      <tbody>
        {history.map((e) => (
          <tr key={e.id} className="border-t border-slate-100 align-top">
            <td className="py-1 pr-3 whitespace-nowrap" data-label="When">
              <ZonedTime at={e.createdAt} timeZone={timeZone} show="exact" />
            </td>
            <td className="py-1 pr-3" data-label="Change">
              {onOff(e.fromOptIn)} → {onOff(e.toOptIn)}
            </td>
            <td className="py-1 pr-3" data-label="Changed by">
              {CONSENT_SOURCE_LABELS[e.source]}
              {e.actorName && ` (${e.actorName}${e.impersonatorName ? " as support" : ""})`}
            </td>
            <td className="py-1" data-label="Consent">
              {e.consentMethod
                ? `${CONSENT_METHOD_LABELS[e.consentMethod]}${e.consentGivenAt ? `, ${formatEnteredDay(e.consentGivenAt, timeZone)}` : ""}`
                : "—"}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
