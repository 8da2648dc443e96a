import { DataTable } from "@/components/ui/data-table";
import { formatEnteredDay } from "@/components/time/format-time";
import { ZonedTime } from "@/components/time/zoned-time";
import type { ClientProfile } from "@/lib/clients/get-client-profile";
import { CONSENT_METHOD_LABELS, CONSENT_SOURCE_LABELS } from "./consent-labels";

const onOff = (v: boolean) => (v ? "Subscribed" : "Not subscribed");

/** Every change of the opt-in: when, from what to what, who or what changed it and, for an opt-in, the consent. */
export function ConsentHistory({ history, timeZone }: { history: ClientProfile["history"]; timeZone: string }) {
  return (
    <DataTable
      look="section"
      density="compact"
      rows={history}
      empty="No changes yet."
      label="Consent history"
      columns={[
        {
          header: "When",
          className: "whitespace-nowrap",
          cell: (e) => <ZonedTime at={e.createdAt} timeZone={timeZone} show="exact" />,
        },
        { header: "Change", cell: (e) => `${onOff(e.fromOptIn)} → ${onOff(e.toOptIn)}` },
        {
          header: "Changed by",
          cell: (e) =>
            `${CONSENT_SOURCE_LABELS[e.source]}${e.actorName ? ` (${e.actorName}${e.impersonatorName ? " as support" : ""})` : ""}`,
        },
        {
          header: "Consent",
          cell: (e) =>
            e.consentMethod
              ? `${CONSENT_METHOD_LABELS[e.consentMethod]}${e.consentGivenAt ? `, ${formatEnteredDay(e.consentGivenAt, timeZone)}` : ""}`
              : "—",
        },
      ]}
    />
  );
}
