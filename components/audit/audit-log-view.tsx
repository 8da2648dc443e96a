import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { ZonedTime } from "@/components/time/zoned-time";
import { AUDIT_ACTION_GROUPS, AUDIT_ACTION_LABELS, auditActionLabel } from "@/lib/audit/action-labels";
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
  const link = (extra: Filters) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries({ action: filters.action, from: filters.from, to: filters.to, ...extra }))
      if (v) params.set(k, v);
    const query = params.toString();
    return query ? `${basePath}?${query}` : basePath;
  };
  const actionOptions = [
    ...AUDIT_ACTION_GROUPS,
    ...Object.entries(AUDIT_ACTION_LABELS).map(([value, label]) => ({ value, label })),
    ...(filters.action && !filters.action.endsWith(".*") && !AUDIT_ACTION_LABELS[filters.action]
      ? [{ value: filters.action, label: auditActionLabel(filters.action) }]
      : []),
  ];

  return (
    <div>
      <p className="mt-2 text-sm text-slate-600">
        Entries are permanent: nobody, support included, can edit or delete them. Times are in {timeZone}.
      </p>
      <form
        method="get"
        action={basePath}
        role="search"
        aria-label="Filter the audit log"
        className="mt-4 flex flex-wrap items-end gap-3"
      >
        <div>
          <label htmlFor="audit-action" className="block text-sm font-medium">
            What
          </label>
          <select
            id="audit-action"
            name="action"
            defaultValue={filters.action ?? ""}
            className="mt-1 block rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
          >
            <option value="">All actions</option>
            {actionOptions.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="audit-from" className="block text-sm font-medium">
            From
          </label>
          <input
            id="audit-from"
            name="from"
            type="date"
            defaultValue={filters.from ?? ""}
            className="mt-1 block rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
          />
        </div>
        <div>
          <label htmlFor="audit-to" className="block text-sm font-medium">
            To
          </label>
          <input
            id="audit-to"
            name="to"
            type="date"
            defaultValue={filters.to ?? ""}
            className="mt-1 block rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
          />
        </div>
        <button type="submit" className={buttonClass("secondary")}>
          Filter
        </button>
        {(filters.action || filters.from || filters.to) && (
          <Link href={basePath} className="text-sm text-brand underline">
            Clear filters
          </Link>
        )}
      </form>

      {entries.length === 0 ? (
        <p className="mt-8 text-slate-600">No entries match.</p>
      ) : (
        <table
          className="stacked-table mt-6 w-full rounded-lg border border-slate-200 bg-white text-left text-sm md:table-fixed"
          data-testid="audit-log"
        >
          <thead className="bg-slate-50 text-slate-600">
            <tr>
              <th className="w-52 px-4 py-2 font-medium">When</th>
              <th className="w-64 px-4 py-2 font-medium">Who</th>
              <th className="w-56 px-4 py-2 font-medium">What</th>
              <th className="w-36 px-4 py-2 font-medium">Target</th>
              <th className="px-4 py-2 font-medium">Details</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id} className="border-t border-slate-100 align-top max-md:px-2">
                <td className="px-4 py-2 whitespace-nowrap" data-label="When">
                  <ZonedTime at={e.createdAt} timeZone={timeZone} show="exact" />
                </td>
                <td className="px-4 py-2 break-words" data-label="Who">
                  {e.actorLabel}
                  {e.impersonatorLabel && (
                    <span className="block text-xs text-purple-800">Support user: {e.impersonatorLabel}</span>
                  )}
                </td>
                <td className="px-4 py-2" title={e.action} data-label="What">
                  {e.actionLabel}
                </td>
                <td className="px-4 py-2 break-words" data-label="Target">
                  {e.targetType && (
                    <span title={e.targetId ?? undefined}>
                      {e.targetType} {e.targetId?.slice(0, 8)}
                    </span>
                  )}
                </td>
                <td className="px-4 py-2 break-words text-slate-700" data-label="Details">
                  {compactDetails(e.details, timeZone).map((d) => (
                    <span key={d.key} className="mr-3 inline-block">
                      <span className="text-slate-500">{d.label}:</span> {d.value}
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <nav aria-label="Pages" className="mt-4 flex gap-3">
        {filters.after && (
          <Link href={link({})} className={buttonClass("secondary")}>
            Newest
          </Link>
        )}
        {nextCursor && (
          <Link href={link({ after: nextCursor })} className={buttonClass("secondary")}>
            Older entries
          </Link>
        )}
      </nav>
    </div>
  );
}
