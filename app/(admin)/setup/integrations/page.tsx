import Link from "next/link";
import { INTEGRATIONS } from "@/components/app-catalog";

export const metadata = { title: "Integrations · Studio Manager" };

export default function IntegrationsPage() {
  return (
    <section>
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href="/apps">All apps</Link> / <Link href="/setup">Setup</Link> / Integrations
      </nav>
      <h1 className="mt-1 text-2xl font-semibold">Integrations</h1>
      <ul className="mt-6 space-y-3">
        {INTEGRATIONS.map((i) => (
          <li key={i.href} className="rounded-lg border border-slate-200 bg-white p-4">
            <Link href={i.href} className="font-medium text-brand hover:underline">
              {i.name}
            </Link>
            <p className="text-sm text-slate-600">{i.description}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
