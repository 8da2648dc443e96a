import Link from "next/link";
import { requirePageContext } from "@/lib/auth/page-context";
import { listClients } from "@/lib/clients/list-clients";
import { buttonClass } from "@/components/ui/button";

export const metadata = { title: "Clients · Studio Manager" };

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function ClientsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const ctx = await requirePageContext();
  const sp = await searchParams;
  const q = one(sp.q) ?? "";
  const optIn = one(sp.optIn) ?? "all";
  const page = await listClients(ctx, { q, optIn, after: one(sp.after), before: one(sp.before) });
  const link = (cursor: { after?: string; before?: string }) => {
    const params = new URLSearchParams({ ...(q ? { q } : {}), ...(optIn !== "all" ? { optIn } : {}), ...cursor });
    return `/clients?${params.toString()}`;
  };

  return (
    <section>
      <div className="flex flex-wrap items-center gap-4">
        <h1 className="text-2xl font-semibold">Clients</h1>
        <Link href="/clients/new" className={buttonClass("primary", "ml-auto")}>New client</Link>
      </div>

      {/* A plain GET form: the search lives in the URL, so it can be bookmarked and works before scripts load. */}
      <form method="get" action="/clients" role="search" className="mt-6 flex flex-wrap items-end gap-3">
        <div className="min-w-64 flex-1">
          <label htmlFor="client-search" className="block text-sm font-medium">Search by name or email</label>
          <input id="client-search" name="q" type="search" defaultValue={q} maxLength={200} className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm" />
        </div>
        <div>
          <label htmlFor="client-optin" className="block text-sm font-medium">News and updates</label>
          <select id="client-optin" name="optIn" defaultValue={optIn} className="mt-1 block rounded-md border border-slate-300 bg-white px-3 py-2 text-sm">
            <option value="all">All clients</option>
            <option value="yes">Subscribed</option>
            <option value="no">Not subscribed</option>
          </select>
        </div>
        <button type="submit" className={buttonClass("secondary")}>Search</button>
      </form>

      {page.clients.length === 0 ? (
        <p className="mt-8 text-slate-600">No clients match.</p>
      ) : (
        <table className="mt-6 w-full table-fixed overflow-hidden rounded-lg border border-slate-200 bg-white text-left text-sm">
          <thead className="bg-slate-50 text-slate-600">
            <tr>
              <th className="w-2/5 px-4 py-2 font-medium">Name</th>
              <th className="w-1/3 px-4 py-2 font-medium">Email</th>
              <th className="px-4 py-2 font-medium">City</th>
              <th className="w-32 px-4 py-2 font-medium">News</th>
            </tr>
          </thead>
          <tbody>
            {page.clients.map((c) => (
              <tr key={c.id} className="border-t border-slate-100">
                <td className="truncate px-4 py-2">
                  <Link href={`/clients/${c.id}`} className="font-medium text-brand hover:underline">{c.lastName}, {c.firstName}</Link>
                </td>
                <td className="truncate px-4 py-2">{c.email ?? <span className="text-slate-400">No email</span>}</td>
                <td className="truncate px-4 py-2">{c.city}</td>
                <td className="px-4 py-2">{c.newsOptIn ? "Subscribed" : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <nav aria-label="Pages" className="mt-4 flex gap-3">
        {page.previousCursor && <Link href={link({ before: page.previousCursor })} className={buttonClass("secondary")}>Previous</Link>}
        {page.nextCursor && <Link href={link({ after: page.nextCursor })} className={buttonClass("secondary")}>Next</Link>}
      </nav>
    </section>
  );
}
