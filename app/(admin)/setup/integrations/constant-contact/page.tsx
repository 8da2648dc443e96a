import Link from "next/link";

export const metadata = { title: "Constant Contact · Studio Manager" };

export default function ConstantContactPage() {
  return (
    <section>
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href="/apps">All apps</Link> / <Link href="/setup">Setup</Link> / <Link href="/setup/integrations">Integrations</Link> / Constant Contact
      </nav>
      <h1 className="mt-1 text-2xl font-semibold">Constant Contact</h1>
    </section>
  );
}
