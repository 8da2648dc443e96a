import Link from "next/link";
import { AuditLogView } from "@/components/audit/audit-log-view";
import type { SearchParams } from "@/components/ui/search-params";
import { requirePageContext } from "@/lib/auth/page-context";
import { listAuditEntries } from "@/lib/audit/list-audit-entries";

export const metadata = { title: "Audit log · Studio Manager" };

/**
 * Who did what, for this business only. Owners, and support while impersonating (who act as owner), may read it;
 * staff get "not found": the log holds consent details and who did what to whom, which are for owners and support.
 */
export default async function AuditLogPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const ctx = await requirePageContext(["OWNER"]);
  const listed = await listAuditEntries({ kind: "business", businessId: ctx.businessId }, await searchParams);
  return (
    <section>
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href="/apps">All apps</Link> / Reports / Audit log
      </nav>
      <h1 className="mt-1 text-2xl font-semibold">Audit log</h1>
      <AuditLogView {...listed} basePath="/audit-log" />
    </section>
  );
}
