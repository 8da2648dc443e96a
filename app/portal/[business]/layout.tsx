import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { findPortalBusiness } from "@/lib/clients/portal/portal-business";

/** The Client Portal of one business: its name, nothing of the staff app. */
export default async function PortalLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ business: string }>;
}) {
  const { business: slug } = await params;
  const business = await findPortalBusiness(slug);
  if (!business) notFound();
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto max-w-2xl px-6 py-4">
          <p className="text-lg font-semibold" data-testid="portal-business">
            {business.name}
          </p>
          <p className="text-sm text-slate-600">Client Portal</p>
        </div>
      </header>
      <main className="mx-auto max-w-2xl px-6 py-8">{children}</main>
    </div>
  );
}
