import Link from "next/link";
import type { AppLink } from "./app-catalog";

/**
 * Apps (or integrations) as links, each with what it is for: framed cards when they are what the page lists, plain
 * lines inside a section of the View All page.
 */
export function AppList({
  apps,
  cards = false,
}: {
  apps: Pick<AppLink, "name" | "href" | "description">[];
  cards?: boolean;
}) {
  return (
    <ul className={cards ? "mt-6 space-y-3" : "mt-3 space-y-2"}>
      {apps.map((app) => (
        <li key={app.href} className={cards ? "rounded-lg border border-slate-200 bg-white p-4" : undefined}>
          <Link href={app.href} className="font-medium text-brand hover:underline">
            {app.name}
          </Link>
          <p className="text-sm text-slate-600">{app.description}</p>
        </li>
      ))}
    </ul>
  );
}
