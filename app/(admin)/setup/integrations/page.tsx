import Link from "next/link";
import { INTEGRATIONS } from "@/components/app-catalog";
import { AppList } from "@/components/app-list";

export const metadata = { title: "Integrations · Studio Manager" };

export default function IntegrationsPage() {
  return (
    <section>
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href="/apps">All apps</Link> / <Link href="/setup">Setup</Link> / Integrations
      </nav>
      <h1 className="mt-1 text-2xl font-semibold">Integrations</h1>
      <AppList apps={INTEGRATIONS} cards />
    </section>
  );
}
