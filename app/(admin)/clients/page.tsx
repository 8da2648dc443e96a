import Link from "next/link";
import { requirePageContext } from "@/lib/auth/page-context";
import { listClients, SYNC_FILTERS } from "@/lib/clients/list-clients";
import { PROVIDER_WORDS } from "@/lib/provider-words";
import { listSyncStatusOf, syncFilterLabels, type ListSyncStatus } from "@/components/clients/list-sync-status";
import { buttonClass } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import { PageLinks } from "@/components/ui/page-links";
import { SearchForm } from "@/components/ui/search-form";
import { firstParam, hrefWith, type SearchParams } from "@/components/ui/search-params";
import { SelectField } from "@/components/ui/select-field";
import { TextField } from "@/components/ui/text-field";

export const metadata = { title: "Clients · Studio Manager" };

const OPT_IN_OPTIONS = [
  { value: "all", label: "All clients" },
  { value: "yes", label: "Subscribed" },
  { value: "no", label: "Not subscribed" },
];

const TONE: Record<ListSyncStatus["tone"], string> = {
  ok: "text-green-800",
  waiting: "text-slate-700",
  problem: "font-medium text-red-700",
  muted: "text-slate-600",
};

export default async function ClientsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const ctx = await requirePageContext();
  const sp = await searchParams;
  const q = firstParam(sp.q) ?? "";
  const optIn = firstParam(sp.optIn) ?? "all";
  const sync = (SYNC_FILTERS as readonly string[]).includes(firstParam(sp.sync) ?? "") ? firstParam(sp.sync)! : "all";
  const page = await listClients(ctx, {
    q,
    optIn,
    sync,
    via: firstParam(sp.via),
    after: firstParam(sp.after),
    before: firstParam(sp.before),
  });
  // A column per connected provider; the filter is about one of them (the first, unless the URL names another).
  const filtered = page.filteredProvider;
  const via = filtered ? PROVIDER_WORDS[filtered].slug : undefined;
  const link = (cursor: { after?: string; before?: string }) =>
    hrefWith("/clients", {
      q,
      optIn: optIn !== "all" ? optIn : undefined,
      sync: sync !== "all" ? sync : undefined,
      via: sync !== "all" ? via : undefined,
      ...cursor,
    });

  return (
    <section>
      <div className="flex flex-wrap items-center gap-4">
        <h1 className="text-2xl font-semibold">Clients</h1>
        <Link href="/settings/client-options" className={buttonClass("secondary", "ml-auto")}>
          Client types and groups
        </Link>
        <Link href="/clients/new" className={buttonClass("primary")}>
          New client
        </Link>
      </div>

      <SearchForm action="/clients">
        <TextField
          label="Search by name or email"
          name="q"
          type="search"
          defaultValue={q}
          maxLength={200}
          className="min-w-64 flex-1"
        />
        <SelectField label="News and updates" name="optIn" defaultValue={optIn} options={OPT_IN_OPTIONS} />
        {filtered && (
          <>
            <SelectField
              label={PROVIDER_WORDS[filtered].name}
              name="sync"
              defaultValue={sync}
              options={[
                { value: "all", label: "Any" },
                ...SYNC_FILTERS.map((value) => ({ value, label: syncFilterLabels(filtered)[value] })),
              ]}
            />
            <input type="hidden" name="via" value={via} />
          </>
        )}
      </SearchForm>

      <DataTable
        rows={page.clients}
        empty="No clients match."
        testId="clients-table"
        rowProps={() => ({ "data-testid": "client-row" })}
        columns={[
          {
            header: "Name",
            width: "md:w-1/4",
            className: "md:truncate",
            cell: (c) => (
              <Link href={`/clients/${c.id}`} className="font-medium text-brand hover:underline">
                {c.lastName}, {c.firstName}
              </Link>
            ),
          },
          {
            header: "Email",
            width: "md:w-1/4",
            className: "break-all md:truncate md:break-normal",
            cell: (c) => c.email ?? <span className="text-slate-600">No email</span>,
          },
          { header: "City", className: "md:truncate", cell: (c) => c.city },
          { header: "News", width: "md:w-28", cell: (c) => (c.newsOptIn ? "Subscribed" : "—") },
          ...page.connections.map((provider, index) => ({
            header: PROVIDER_WORDS[provider].name,
            width: "md:w-1/4",
            cellProps: () => ({ "data-testid": `client-sync-status-${PROVIDER_WORDS[provider].slug}` }),
            cell: (c: (typeof page.clients)[number]) => {
              const status = listSyncStatusOf(c, c.syncs[index]!);
              return (
                <>
                  <span className={TONE[status.tone]}>{status.label}</span>
                  {status.reason && <span className="block text-xs break-words text-slate-700">{status.reason}</span>}
                </>
              );
            },
          })),
        ]}
      />

      <PageLinks
        links={[
          page.previousCursor && { href: link({ before: page.previousCursor }), label: "Previous" },
          page.nextCursor && { href: link({ after: page.nextCursor }), label: "Next" },
        ]}
      />
    </section>
  );
}
