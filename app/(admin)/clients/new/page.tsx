import Link from "next/link";
import { requirePageContext } from "@/lib/auth/page-context";
import { loadBusinessOptions } from "@/lib/clients/load-business-options";
import { ClientForm } from "@/components/clients/client-form";

export const metadata = { title: "New client · Studio Manager" };

export default async function NewClientPage() {
  const ctx = await requirePageContext();
  const options = await loadBusinessOptions(ctx);
  return (
    <section className="max-w-3xl">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href="/clients">Clients</Link> / New
      </nav>
      <h1 className="mt-1 mb-6 text-2xl font-semibold">New client</h1>
      <div className="rounded-lg border border-slate-200 bg-white p-5">
        <ClientForm
          mode="create"
          initial={{ firstName: "", lastName: "", email: "", city: "", clientTypeId: "", groupIds: [] }}
          clientTypes={options.clientTypes}
          groups={options.groups}
        />
      </div>
    </section>
  );
}
