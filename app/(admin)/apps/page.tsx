import Link from "next/link";
import { sectionsFor } from "@/components/app-catalog";
import { AppList } from "@/components/app-list";
import { requirePageContext } from "@/lib/auth/page-context";

export const metadata = { title: "All apps · Studio Manager" };

export default async function ViewAllPage() {
  const ctx = await requirePageContext();
  return (
    <section>
      <h1 className="text-2xl font-semibold">All apps</h1>
      <div className="mt-6 grid gap-6 md:grid-cols-3">
        {sectionsFor(ctx.role).map((section) => (
          <section
            key={section.title}
            aria-labelledby={`section-${section.title}`}
            className="rounded-lg border border-slate-200 bg-white p-5"
          >
            <h2 id={`section-${section.title}`} className="text-lg font-semibold">
              {section.href ? (
                <Link href={section.href} className="hover:underline">
                  {section.title}
                </Link>
              ) : (
                section.title
              )}
            </h2>
            <AppList apps={section.apps} />
          </section>
        ))}
      </div>
    </section>
  );
}
