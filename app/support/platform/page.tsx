import Link from "next/link";
import { timeFormatter } from "@/components/time/format-time";
import { CONNECTION_STATUS_LABELS } from "@/components/integrations/connection-status-labels";
import { CALL_KIND_LABELS, HourlyCallsChart } from "@/components/support/hourly-calls-chart";
import type { CallKind } from "@/lib/integrations/call-purpose";
import { platformOverview, type Percentiles } from "@/lib/support/platform-overview";
import { requireSupportUser } from "@/lib/support/support-guard";
import type { PushPlan } from "@/lib/sync/push-plan";

export const metadata = { title: "Platform · Support console" };

const utc = timeFormatter("UTC");

function duration(seconds: number | null): string {
  if (seconds === null) return "none";
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7_200) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3_600).toFixed(1)} h`;
}

function Freshness({ label, value }: { label: string; value: Percentiles }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4">
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="mt-1 text-sm">
        last hour <span className="font-semibold">{duration(value.lastHour)}</span> · last day{" "}
        <span className="font-semibold">{duration(value.lastDay)}</span>
      </dd>
    </div>
  );
}

/** The day's push plan: how long a connection's changes wait between pushes, and where the day is heading. */
function PushPlanLine({ plan }: { plan: PushPlan }) {
  const batching = plan.waitMinutes > plan.debounceMinutes;
  return (
    <p className="mt-2 text-sm" data-testid="push-plan">
      Planned wait between a business&apos;s pushes:{" "}
      <span className="font-semibold">
        {batching ? duration(plan.waitMinutes * 60) : `the debounce (${duration(plan.debounceMinutes * 60)})`}
      </span>{" "}
      · projected for today <span className="font-semibold">{plan.projectedCalls.toLocaleString()}</span> of{" "}
      {plan.backgroundBudget.toLocaleString()} background calls (the plan aims at {plan.target.toLocaleString()})
      {batching && plan.waitMinutes >= 24 * 60 ? " · changes now wait for the new day's budget at 00:00 UTC" : ""}
    </p>
  );
}

/** A business on this page leads to the console's search for it, where support can log in as it to help. */
function BusinessLink({ name }: { name: string }) {
  return (
    <Link href={`/support?q=${encodeURIComponent(name)}`} className="font-medium text-brand underline">
      {name}
    </Link>
  );
}

/** The Constant Contact API key's day across every business: budget, who spends it, what needs a person. */
export default async function PlatformPage() {
  await requireSupportUser();
  const o = await platformOverview();
  const share = Math.round((o.budget.usedToday / o.budget.dailyBudget) * 100);
  return (
    <section>
      <h1 className="text-2xl font-semibold">Platform</h1>

      <h2 className="mt-6 text-lg font-semibold">Constant Contact calls today</h2>
      <p className="mt-1 text-sm" data-testid="calls-today">
        <span className="font-semibold">{o.budget.usedToday.toLocaleString()}</span> of{" "}
        {o.budget.dailyBudget.toLocaleString()} ({share}%) · background work stops at{" "}
        {o.budget.backgroundCap.toLocaleString()}, the rest is kept for people waiting on an answer ·{" "}
        {(Object.keys(CALL_KIND_LABELS) as CallKind[])
          .map((k) => `${CALL_KIND_LABELS[k]} ${(o.budget.byKind[k] ?? 0).toLocaleString()}`)
          .join(" · ")}
      </p>
      {o.budget.usedToday >= o.budget.backgroundCap && (
        <p role="status" className="mt-2 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Background work has used its share of today: pushes and pulls wait until 00:00 UTC, calls for people waiting
          on an answer still go through.
        </p>
      )}
      {o.pushPlan && <PushPlanLine plan={o.pushPlan} />}
      <HourlyCallsChart hours={o.hours} />

      <dl className="mt-6 grid gap-4 sm:grid-cols-3">
        <div className="rounded-lg border border-slate-200 bg-white p-4">
          <dt className="text-sm text-slate-600">Oldest pending change</dt>
          <dd className="mt-1 text-sm">
            {o.oldestPendingChange ? (
              <>
                <span className="font-semibold">{utc(o.oldestPendingChange.since)} UTC</span> ·{" "}
                {o.oldestPendingChange.name}
              </>
            ) : (
              "nothing pending"
            )}
          </dd>
        </div>
        <Freshness label="Change to list, 95th percentile" value={o.changeToListP95} />
        <Freshness label="Unsubscribe staleness, 95th percentile" value={o.unsubscribeStalenessP95} />
      </dl>

      <div className="mt-8 grid gap-8 lg:grid-cols-2">
        <div>
          <h2 className="text-lg font-semibold">Top businesses by calls today</h2>
          {o.topBusinesses.length === 0 ? (
            <p className="mt-2 text-sm text-slate-600">No calls today.</p>
          ) : (
            <table className="mt-2 w-full rounded-lg border border-slate-200 bg-white text-left text-sm">
              <thead className="bg-slate-50 text-slate-600">
                <tr>
                  <th className="px-4 py-2 font-medium">Business</th>
                  <th className="px-4 py-2 text-right font-medium">Calls</th>
                </tr>
              </thead>
              <tbody>
                {o.topBusinesses.map((b) => (
                  <tr key={b.businessId} className="border-t border-slate-100">
                    <td className="px-4 py-2">
                      {b.name === null ? "(deleted business)" : <BusinessLink name={b.name} />}
                    </td>
                    <td className="px-4 py-2 text-right">{b.calls.toLocaleString()}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        <div>
          <h2 className="text-lg font-semibold">Connections needing attention</h2>
          {o.needsAttention.length === 0 ? (
            <p className="mt-2 text-sm text-slate-600">None.</p>
          ) : (
            <ul className="mt-2 divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm">
              {o.needsAttention.map((c) => (
                <li key={c.businessId} className="px-4 py-2">
                  <BusinessLink name={c.name} /> · {CONNECTION_STATUS_LABELS[c.status]}
                  {c.pausedUntil && (
                    <span className="block text-xs text-slate-600">paused until {utc(c.pausedUntil)} UTC</span>
                  )}
                  {c.lastError && <span className="block text-xs text-red-700">{c.lastError}</span>}
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </section>
  );
}
