import { AuditLogView } from "@/components/audit/audit-log-view";
import type { SearchParams } from "@/components/ui/search-params";
import { listAuditEntries } from "@/lib/audit/list-audit-entries";
import { requireSupportPage } from "@/lib/support/support-guard";

export const metadata = { title: "Sign-in events · Support console" };

/**
 * Platform events that belong to no business, chiefly sign-in lockouts (an attempt names an email, known or not,
 * so it cannot be put in a business's log without revealing accounts).
 */
export default async function PlatformAuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireSupportPage();
  const listed = await listAuditEntries({ kind: "platform" }, await searchParams);
  return (
    <section>
      <h1 className="text-2xl font-semibold">Sign-in events</h1>
      <p className="mt-1 text-sm text-slate-600">
        Platform-wide entries that belong to no business, such as accounts locked after repeated failed sign-ins.
      </p>
      <AuditLogView {...listed} basePath="/support/audit" />
    </section>
  );
}
