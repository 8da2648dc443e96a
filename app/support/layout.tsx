import Link from "next/link";
import type { ReactNode } from "react";
import { SignOutButton } from "@/components/sign-out-button";
import { requireSupportPage } from "@/lib/support/support-guard";

export const metadata = { title: "Support console · Studio Manager" };

/** The support console: its own shell, outside the admin's. Signed out, the login page; not found for anyone else but support (each page checks too). */
export default async function SupportLayout({ children }: { children: ReactNode }) {
  const user = await requireSupportPage();
  return (
    <div className="min-h-screen">
      <header className="border-b border-purple-200 bg-purple-50">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3 sm:px-6">
          <Link href="/support" className="text-lg font-semibold text-purple-950">
            Support console
          </Link>
          <nav aria-label="Support" className="flex gap-4 text-sm">
            <Link href="/support" className="hover:underline">
              Find a business
            </Link>
            <Link href="/support/audit" className="hover:underline">
              Sign-in events
            </Link>
            <Link href="/support/platform" className="hover:underline">
              Platform
            </Link>
          </nav>
          <div className="ml-auto flex items-center gap-3">
            <span className="text-sm text-slate-700" data-testid="signed-in-user">
              {user.name} <span className="text-purple-900">(Support)</span>
            </span>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-7xl px-4 py-6 sm:px-6 sm:py-8">{children}</main>
    </div>
  );
}
