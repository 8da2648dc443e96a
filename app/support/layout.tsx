import Link from "next/link";
import type { ReactNode } from "react";
import { SignOutButton } from "@/components/sign-out-button";
import { requireSupportUser } from "@/lib/support/support-guard";

export const metadata = { title: "Support console · Studio Manager" };

/** The support console: its own shell, outside the admin's. Not found for anyone but support (each page checks too). */
export default async function SupportLayout({ children }: { children: ReactNode }) {
  const user = await requireSupportUser();
  return (
    <div className="min-h-screen">
      <header className="border-b border-purple-200 bg-purple-50">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-4 px-6 py-3">
          <Link href="/support" className="text-lg font-semibold text-purple-950">Support console</Link>
          <nav aria-label="Support" className="flex gap-4 text-sm">
            <Link href="/support" className="hover:underline">Find a business</Link>
            <Link href="/support/audit" className="hover:underline">Sign-in events</Link>
            <Link href="/support/platform" className="hover:underline">Platform</Link>
          </nav>
          <div className="ml-auto flex items-center gap-3">
            <span className="text-sm text-slate-600" data-testid="signed-in-user">
              {user.name} <span className="text-slate-400">(Support)</span>
            </span>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-6 py-8">{children}</main>
    </div>
  );
}
