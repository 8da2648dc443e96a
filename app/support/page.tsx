import Link from "next/link";
import { PROVIDER_WORDS } from "@/lib/provider-words";
import { CONNECTION_STATUS_LABELS } from "@/components/integrations/connection-status-labels";
import { ImpersonateDialog } from "@/components/support/impersonate-dialog";
import { StopImpersonationButton } from "@/components/support/stop-impersonation-button";
import { DataTable } from "@/components/ui/data-table";
import { PageLinks } from "@/components/ui/page-links";
import { SearchForm } from "@/components/ui/search-form";
import { firstParam, hrefWith, type SearchParams } from "@/components/ui/search-params";
import { TextField } from "@/components/ui/text-field";
import { ZonedTime } from "@/components/time/zoned-time";
import { businessTimeZone } from "@/lib/business/business-time-zone";
import { impersonatedBusinessContext } from "@/lib/auth/business-context";
import { expireImpersonationsOf, readImpersonationCookie } from "@/lib/auth/impersonation";
import { searchBusinesses, type BusinessSearchResult } from "@/lib/support/search-businesses";
import { requireSupportPage } from "@/lib/support/support-guard";

/** A business's Constant Contact connection in a line or two: status, account, list, last sync, what waits. */
function IntegrationSummary({ business }: { business: BusinessSearchResult }) {
  if (business.integrations.length === 0) return <span className="text-slate-500">Not connected</span>;
  return business.integrations.map((integration) => {
    const words = PROVIDER_WORDS[integration.provider];
    return (
      <div key={integration.provider} data-testid={`integration-${words.slug}`}>
        <span className="font-medium">
          {words.name}: {CONNECTION_STATUS_LABELS[integration.status]}
        </span>
        <span className="block text-xs text-slate-600">
          {integration.accountName ?? "No account"} · {words.list}: {integration.listName ?? "none"} · last sync:{" "}
          {integration.lastSyncedAt ? (
            <ZonedTime at={integration.lastSyncedAt} timeZone={business.timeZone} show="exact" />
          ) : (
            "never"
          )}{" "}
          · {integration.pendingClients} pending
        </span>
        {integration.lastError && <span className="block text-xs text-red-700">{integration.lastError}</span>}
      </div>
    );
  });
}

export default async function SupportConsolePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireSupportPage();
  await expireImpersonationsOf(user); // records expiries nobody noticed on an admin page
  const active = await impersonatedBusinessContext({
    supportUser: user,
    impersonationId: await readImpersonationCookie(),
  });
  const sp = await searchParams;
  const q = firstParam(sp.q) ?? "";
  const country = firstParam(sp.country) ?? "";
  const after = firstParam(sp.after);
  const [page, activeZone] = await Promise.all([
    searchBusinesses({ q, country, after }),
    active ? businessTimeZone(active) : null,
  ]);
  const link = (extra: { after?: string }) => hrefWith("/support", { q, country, ...extra });

  return (
    <section>
      <h1 className="text-2xl font-semibold">Find a business</h1>
      {active && (
        <div
          role="status"
          className="mt-4 flex flex-wrap items-center gap-3 rounded-md border border-purple-300 bg-purple-50 px-4 py-3 text-sm"
        >
          <span>
            You are logged in as {active.businessName} until{" "}
            <ZonedTime
              at={active.impersonation!.expiresAt}
              timeZone={activeZone ?? "UTC"}
              now={active.impersonation!.checkedAt}
              show="exact"
            />{" "}
            (the business&apos;s time).
          </span>
          <Link href="/" className="text-brand underline">
            Continue
          </Link>
          <StopImpersonationButton />
        </div>
      )}

      <SearchForm action="/support">
        <TextField
          label="Name, slug or owner email"
          name="q"
          type="search"
          defaultValue={q}
          maxLength={200}
          className="min-w-64 flex-1"
        />
        <TextField
          label="Country (ISO code)"
          name="country"
          defaultValue={country}
          maxLength={2}
          placeholder="US"
          inputClassName="w-24 uppercase"
        />
      </SearchForm>

      <DataTable
        rows={page.businesses}
        empty="No business matches."
        density="roomy"
        columns={[
          {
            header: "Business",
            width: "w-1/4",
            cell: (b) => (
              <>
                <span className="font-medium">{b.name}</span>
                <span className="block text-xs text-slate-500">
                  {b.slug} · {b.countryCode} · {b.timeZone}
                </span>
              </>
            ),
          },
          {
            header: "Owner",
            width: "w-1/5",
            className: "truncate",
            cell: (b) =>
              b.owners.length ? (
                b.owners.map((o) => (
                  <span key={o.email} className="block truncate" title={o.email}>
                    {o.email}
                  </span>
                ))
              ) : (
                <span className="text-slate-500">No owner</span>
              ),
          },
          {
            header: "Integrations",
            cellProps: () => ({ "data-testid": "integration-status" }),
            cell: (b) => <IntegrationSummary business={b} />,
          },
          {
            header: "Actions",
            headerHidden: true,
            width: "w-56",
            cell: (b) => (
              <div className="flex flex-wrap items-start gap-2 md:flex-col">
                <ImpersonateDialog business={{ id: b.id, name: b.name }} />
                <Link href={`/support/businesses/${b.id}/audit`} className="text-sm text-brand underline">
                  Audit log
                </Link>
              </div>
            ),
          },
        ]}
      />

      <PageLinks
        links={[
          after && { href: link({}), label: "First page" },
          page.nextCursor && { href: link({ after: page.nextCursor }), label: "Next" },
        ]}
      />
    </section>
  );
}
