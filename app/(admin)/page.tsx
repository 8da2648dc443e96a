import Link from "next/link";
import { requirePageContext } from "@/lib/auth/page-context";
import { SHORTCUTS } from "@/components/app-catalog";

export default async function HomePage() {
  const ctx = await requirePageContext();
  return (
    <section>
      <h1 className="text-2xl font-semibold">Welcome, {ctx.user.name}</h1>
      <p className="mt-1 text-slate-600">Open the App Drawer to find every app, or jump straight in:</p>
      <ul className="mt-6 grid gap-4 sm:grid-cols-2">
        {SHORTCUTS.map((s) => (
          <li key={s.href}>
            <Link href={s.href} className="block rounded-lg border border-slate-200 bg-white p-4 hover:border-brand">
              <span className="font-medium">{s.name}</span>
              <span className="block text-sm text-slate-600">{s.description}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
