import Link from "next/link";
import { DataTable } from "@/components/ui/data-table";
import { PageLinks } from "@/components/ui/page-links";
import { SearchForm } from "@/components/ui/search-form";
import { hrefWith } from "@/components/ui/search-params";
import { SelectField } from "@/components/ui/select-field";
import { TextField } from "@/components/ui/text-field";
import { ZonedTime } from "@/components/time/zoned-time";
import { auditActionOptions } from "@/lib/audit/action-labels";
import type { AuditListEntry } from "@/lib/audit/list-audit-entries";
import { compactDetails } from "./format-details";

type Filters = { action?: string; from?: string; to?: string; after?: string };

/**
 * The audit trail as a table with its filters: shared by the owner's /audit-log and the support console. A plain
 * GET form, so filters live in the URL. Read-only by construction: there is no edit or delete anywhere.
 */
export function AuditLogView({
  entries,
  nextCursor,
  filters,
  timeZone,
  basePath,
}: {
  entries: AuditListEntry[];
  nextCursor: string | null;
  filters: Filters;
  timeZone: string;
  basePath: string;
}) {
  const link = (extra: Filters) =>
    hrefWith(basePath, { action: filters.action, from: filters.from, to: filters.to, ...extra });
  const actionOptions = auditActionOptions(filters.action);

  return (
    <div>
      <p className="mt-2 text-sm text-slate-600">
        Entries are permanent: nobody, support included, can edit or delete them. Times are in {timeZone}.
      </p>
      <SearchForm
        action={basePath}
        label="Filter the audit log"
        submitLabel="Filter"
        className="mt-4"
        after={
          (filters.action || filters.from || filters.to) && (
            <Link href={basePath} className="text-sm text-brand underline">
              Clear filters
            </Link>
          )
        }
      >
        <SelectField label="What" name="action" defaultValue={filters.action ?? ""} options={actionOptions} />
        <TextField label="From" name="from" type="date" defaultValue={filters.from ?? ""} />
        <TextField label="To" name="to" type="date" defaultValue={filters.to ?? ""} />
      </SearchForm>

      <DataTable
        rows={entries}
        empty="No entries match."
        testId="audit-log"
        columns={[
          {
            header: "When",
            width: "w-52",
            className: "whitespace-nowrap",
            cell: (e) => <ZonedTime at={e.createdAt} timeZone={timeZone} show="exact" />,
          },
          {
            header: "Who",
            width: "w-64",
            className: "break-words",
            cell: (e) => (
              <>
                {e.actorLabel}
                {e.impersonatorLabel && (
                  <span className="block text-xs text-purple-800">Support user: {e.impersonatorLabel}</span>
                )}
              </>
            ),
          },
          { header: "What", width: "w-56", cellProps: (e) => ({ title: e.action }), cell: (e) => e.actionLabel },
          {
            header: "Target",
            width: "w-36",
            className: "break-words",
            cell: (e) =>
              e.targetType && (
                <span title={e.targetId ?? undefined}>
                  {e.targetType} {e.targetId?.slice(0, 8)}
                </span>
              ),
          },
          {
            header: "Details",
            className: "break-words text-slate-700",
            cell: (e) =>
              compactDetails(e.details, timeZone).map((d) => (
                <span key={d.key} className="mr-3 inline-block">
                  <span className="text-slate-500">{d.label}:</span> {d.value}
                </span>
              )),
          },
        ]}
      />

      <PageLinks
        links={[
          filters.after && { href: link({}), label: "Newest" },
          nextCursor && { href: link({ after: nextCursor }), label: "Older entries" },
        ]}
      />
    </div>
  );
}
