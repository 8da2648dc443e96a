import Link from "next/link";
import { APP_SECTIONS } from "@/components/app-catalog";

export const metadata = { title: "Setup · Studio Manager" };

export default function SetupPage() {
  const setup = APP_SECTIONS.find((s) => s.title === "Setup")?.apps ?? [];
  return (
    <section>
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href="/apps">All apps</Link> / Setup
      </nav>
      <h1 className="mt-1 text-2xl font-semibold">Setup</h1>
      <ul className="mt-6 space-y-3">
        {setup.map((app) => (
          <li key={app.href} className="rounded-lg border border-slate-200 bg-white p-4">
            <Link href={app.href} className="font-medium text-brand hover:underline">
              {app.name}
            </Link>
            <p className="text-sm text-slate-600">{app.description}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
