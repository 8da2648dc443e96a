import Link from "next/link";
import { notFound } from "next/navigation";
import { AuditLogView } from "@/components/audit/audit-log-view";
import type { SearchParams } from "@/components/ui/search-params";
import { listAuditEntries } from "@/lib/audit/list-audit-entries";
import { resolveSupportView } from "@/lib/auth/business-context";
import { requireSupportPage } from "@/lib/support/support-guard";

export const metadata = { title: "Audit log · Support console" };

/** Support's view of one business's audit log, without impersonating it. */
export default async function SupportBusinessAuditPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const user = await requireSupportPage();
  const { id } = await params;
  const business = await resolveSupportView(user, id);
  if (!business) notFound();
  const listed = await listAuditEntries({ kind: "business", businessId: business.businessId }, await searchParams);
  return (
    <section>
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href="/support">Find a business</Link> / {business.name}
      </nav>
      <h1 className="mt-1 text-2xl font-semibold">Audit log: {business.name}</h1>
      <AuditLogView {...listed} basePath={`/support/businesses/${business.businessId}/audit`} />
    </section>
  );
}
