import Link from "next/link";
import { requirePageContext } from "@/lib/auth/page-context";
import { listClients, SYNC_FILTERS } from "@/lib/clients/list-clients";
import { PROVIDER_WORDS } from "@/lib/provider-words";
import { listSyncStatusOf, syncFilterLabels, type ListSyncStatus } from "@/components/clients/list-sync-status";
import { buttonClass } from "@/components/ui/button";

export const metadata = { title: "Clients · Studio Manager" };

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

const TONE: Record<ListSyncStatus["tone"], string> = {
  ok: "text-green-800",
  waiting: "text-slate-700",
  problem: "font-medium text-red-700",
  muted: "text-slate-600",
};

export default async function ClientsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const ctx = await requirePageContext();
  const sp = await searchParams;
  const q = one(sp.q) ?? "";
  const optIn = one(sp.optIn) ?? "all";
  const sync = (SYNC_FILTERS as readonly string[]).includes(one(sp.sync) ?? "") ? one(sp.sync)! : "all";
  const page = await listClients(ctx, {
    q,
    optIn,
    sync,
    via: one(sp.via),
    after: one(sp.after),
    before: one(sp.before),
  });
  // A column per connected provider; the filter is about one of them (the first, unless the URL names another).
  const filtered = page.filteredProvider;
  const via = filtered ? PROVIDER_WORDS[filtered].slug : undefined;
  const link = (cursor: { after?: string; before?: string }) => {
    const params = new URLSearchParams({
      ...(q ? { q } : {}),
      ...(optIn !== "all" ? { optIn } : {}),
      ...(sync !== "all" ? { sync, ...(via ? { via } : {}) } : {}),
      ...cursor,
    });
    return `/clients?${params.toString()}`;
  };

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

      {/* A plain GET form: the search lives in the URL, so it can be bookmarked and works before scripts load. */}
      <form method="get" action="/clients" role="search" className="mt-6 flex flex-wrap items-end gap-3">
        <div className="min-w-64 flex-1">
          <label htmlFor="client-search" className="block text-sm font-medium">
            Search by name or email
          </label>
          <input
            id="client-search"
            name="q"
            type="search"
            defaultValue={q}
            maxLength={200}
            className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
          />
        </div>
        <div>
          <label htmlFor="client-optin" className="block text-sm font-medium">
            News and updates
          </label>
          <select
            id="client-optin"
            name="optIn"
            defaultValue={optIn}
            className="mt-1 block rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
          >
            <option value="all">All clients</option>
            <option value="yes">Subscribed</option>
            <option value="no">Not subscribed</option>
          </select>
        </div>
        {filtered && (
          <div>
            <label htmlFor="client-sync" className="block text-sm font-medium">
              {PROVIDER_WORDS[filtered].name}
            </label>
            <select
              id="client-sync"
              name="sync"
              defaultValue={sync}
              className="mt-1 block rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
            >
              <option value="all">Any</option>
              {SYNC_FILTERS.map((value) => (
                <option key={value} value={value}>
                  {syncFilterLabels(filtered)[value]}
                </option>
              ))}
            </select>
            <input type="hidden" name="via" value={via} />
          </div>
        )}
        <button type="submit" className={buttonClass("secondary")}>
          Search
        </button>
      </form>

      {page.clients.length === 0 ? (
        <p className="mt-8 text-slate-600">No clients match.</p>
      ) : (
        <table
          className="stacked-table mt-6 w-full rounded-lg border border-slate-200 bg-white text-left text-sm md:table-fixed"
          data-testid="clients-table"
        >
          <thead className="bg-slate-50 text-slate-600">
            <tr>
              <th className="px-4 py-2 font-medium md:w-1/4">Name</th>
              <th className="px-4 py-2 font-medium md:w-1/4">Email</th>
              <th className="px-4 py-2 font-medium">City</th>
              <th className="px-4 py-2 font-medium md:w-28">News</th>
              {page.connections.map((provider) => (
                <th key={provider} className="px-4 py-2 font-medium md:w-1/4">
                  {PROVIDER_WORDS[provider].name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {page.clients.map((c) => {
              return (
                <tr key={c.id} className="border-t border-slate-100 align-top max-md:px-2" data-testid="client-row">
                  <td className="px-4 py-2 md:truncate" data-label="Name">
                    <Link href={`/clients/${c.id}`} className="font-medium text-brand hover:underline">
                      {c.lastName}, {c.firstName}
                    </Link>
                  </td>
                  <td className="px-4 py-2 break-all md:truncate md:break-normal" data-label="Email">
                    {c.email ?? <span className="text-slate-600">No email</span>}
                  </td>
                  <td className="px-4 py-2 md:truncate" data-label="City">
                    {c.city}
                  </td>
                  <td className="px-4 py-2" data-label="News">
                    {c.newsOptIn ? "Subscribed" : "—"}
                  </td>
                  {c.syncs.map((entry) => {
                    const status = listSyncStatusOf(c, entry);
                    const name = PROVIDER_WORDS[entry.provider].name;
                    return (
                      <td
                        key={entry.provider}
                        className="px-4 py-2"
                        data-label={name}
                        data-testid={`client-sync-status-${PROVIDER_WORDS[entry.provider].slug}`}
                      >
                        <span className={TONE[status.tone]}>{status.label}</span>
                        {status.reason && (
                          <span className="block text-xs break-words text-slate-700">{status.reason}</span>
                        )}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}

      <nav aria-label="Pages" className="mt-4 flex gap-3">
        {page.previousCursor && (
          <Link href={link({ before: page.previousCursor })} className={buttonClass("secondary")}>
            Previous
          </Link>
        )}
        {page.nextCursor && (
          <Link href={link({ after: page.nextCursor })} className={buttonClass("secondary")}>
            Next
          </Link>
        )}
      </nav>
    </section>
  );
}
