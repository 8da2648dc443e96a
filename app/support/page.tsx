import Link from "next/link";
import { CONNECTION_STATUS_LABELS } from "@/components/constant-contact/connection-status-labels";
import { ImpersonateDialog } from "@/components/support/impersonate-dialog";
import { StopImpersonationButton } from "@/components/support/stop-impersonation-button";
import { buttonClass } from "@/components/ui/button";
import { ZonedTime } from "@/components/time/zoned-time";
import { businessTimeZone } from "@/lib/business/business-time-zone";
import { resolveImpersonation } from "@/lib/auth/business-context";
import { expireImpersonationsOf } from "@/lib/support/end-impersonation";
import { readImpersonationCookie } from "@/lib/support/impersonation-cookie";
import { searchBusinesses } from "@/lib/support/search-businesses";
import { requireSupportPage } from "@/lib/support/support-guard";

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function SupportConsolePage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requireSupportPage();
  await expireImpersonationsOf(user); // records expiries nobody noticed on an admin page
  const active = await resolveImpersonation({ supportUser: user, impersonationId: await readImpersonationCookie() });
  const sp = await searchParams;
  const q = one(sp.q) ?? "";
  const country = one(sp.country) ?? "";
  const after = one(sp.after);
  const [page, activeZone] = await Promise.all([
    searchBusinesses({ q, country, after }),
    active ? businessTimeZone(active) : null,
  ]);
  const link = (extra: Record<string, string>) =>
    `/support?${new URLSearchParams({ ...(q ? { q } : {}), ...(country ? { country } : {}), ...extra }).toString()}`;

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

      <form method="get" action="/support" role="search" className="mt-6 flex flex-wrap items-end gap-3">
        <div className="min-w-64 flex-1">
          <label htmlFor="business-search" className="block text-sm font-medium">
            Name, slug or owner email
          </label>
          <input
            id="business-search"
            name="q"
            type="search"
            defaultValue={q}
            maxLength={200}
            className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
          />
        </div>
        <div>
          <label htmlFor="business-country" className="block text-sm font-medium">
            Country (ISO code)
          </label>
          <input
            id="business-country"
            name="country"
            defaultValue={country}
            maxLength={2}
            placeholder="US"
            className="mt-1 block w-24 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm uppercase"
          />
        </div>
        <button type="submit" className={buttonClass("secondary")}>
          Search
        </button>
      </form>

      {page.businesses.length === 0 ? (
        <p className="mt-8 text-slate-600">No business matches.</p>
      ) : (
        <table className="stacked-table mt-6 w-full rounded-lg border border-slate-200 bg-white text-left text-sm md:table-fixed">
          <thead className="bg-slate-50 text-slate-600">
            <tr>
              <th className="w-1/4 px-4 py-2 font-medium">Business</th>
              <th className="w-1/5 px-4 py-2 font-medium">Owner</th>
              <th className="px-4 py-2 font-medium">Constant Contact</th>
              <th className="w-56 px-4 py-2 font-medium">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {page.businesses.map((b) => (
              <tr key={b.id} className="border-t border-slate-100 align-top max-md:px-2">
                <td className="px-4 py-3" data-label="Business">
                  <span className="font-medium">{b.name}</span>
                  <span className="block text-xs text-slate-500">
                    {b.slug} · {b.countryCode} · {b.timeZone}
                  </span>
                </td>
                <td className="truncate px-4 py-3" data-label="Owner">
                  {b.owners.length ? (
                    b.owners.map((o) => (
                      <span key={o.email} className="block truncate" title={o.email}>
                        {o.email}
                      </span>
                    ))
                  ) : (
                    <span className="text-slate-500">No owner</span>
                  )}
                </td>
                <td className="px-4 py-3" data-testid="integration-status" data-label="Constant Contact">
                  {b.integration ? (
                    <>
                      <span className="font-medium">{CONNECTION_STATUS_LABELS[b.integration.status]}</span>
                      {b.integration.status !== "DISCONNECTED" && (
                        <span className="block text-xs text-slate-600">
                          {b.integration.accountName ?? "No account"} · list: {b.integration.listName ?? "none"} · last
                          sync:{" "}
                          {b.integration.lastSyncedAt ? (
                            <ZonedTime at={b.integration.lastSyncedAt} timeZone={b.timeZone} show="exact" />
                          ) : (
                            "never"
                          )}{" "}
                          · {b.integration.pendingClients} pending
                        </span>
                      )}
                      {b.integration.lastError && (
                        <span className="block text-xs text-red-700">{b.integration.lastError}</span>
                      )}
                    </>
                  ) : (
                    <span className="text-slate-500">Not connected</span>
                  )}
                </td>
                <td className="px-4 py-3">
                  <div className="flex flex-wrap items-start gap-2 md:flex-col">
                    <ImpersonateDialog business={{ id: b.id, name: b.name }} />
                    <Link href={`/support/businesses/${b.id}/audit`} className="text-sm text-brand underline">
                      Audit log
                    </Link>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <nav aria-label="Pages" className="mt-4 flex gap-3">
        {after && (
          <Link href={link({})} className={buttonClass("secondary")}>
            First page
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
