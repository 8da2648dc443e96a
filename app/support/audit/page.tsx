import { AuditLogView } from "@/components/audit/audit-log-view";
import { listAuditEntries } from "@/lib/audit/list-audit-entries";
import { requireSupportPage } from "@/lib/support/support-guard";

export const metadata = { title: "Sign-in events · Support console" };

/**
 * Platform events that belong to no business, chiefly sign-in lockouts (an attempt names an email, known or not,
 * so it cannot be put in a business's log without revealing accounts).
 */
export default async function PlatformAuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireSupportPage();
  const sp = await searchParams;
  const listed = await listAuditEntries(
    { kind: "platform" },
    { action: sp.action, from: sp.from, to: sp.to, after: sp.after },
  );
  return (
    <section>
      <h1 className="text-2xl font-semibold">Sign-in events</h1>
      <p className="mt-1 text-sm text-slate-600">
        Platform-wide entries that belong to no business, such as accounts locked after repeated failed sign-ins.
      </p>
      <AuditLogView
        entries={listed.entries}
        nextCursor={listed.nextCursor}
        filters={listed.filters}
        timeZone={listed.timeZone}
        basePath="/support/audit"
      />
    </section>
  );
}
