import Link from "next/link";
import { APP_SECTIONS } from "@/components/app-catalog";
import { AppList } from "@/components/app-list";

export const metadata = { title: "Setup · Studio Manager" };

export default function SetupPage() {
  const setup = APP_SECTIONS.find((s) => s.title === "Setup")?.apps ?? [];
  return (
    <section>
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href="/apps">All apps</Link> / Setup
      </nav>
      <h1 className="mt-1 text-2xl font-semibold">Setup</h1>
      <AppList apps={setup} cards />
    </section>
  );
}
