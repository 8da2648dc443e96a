import Link from "next/link";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { AppDrawer } from "@/components/app-drawer";
import { IntegrationAttentionBanner } from "@/components/integrations/attention-banner";
import { BusinessSwitcher } from "@/components/business-switcher";
import { SignOutButton } from "@/components/sign-out-button";
import { ImpersonationBanner } from "@/components/support/impersonation-banner";
import { businessesOf, resolveBusinessContext } from "@/lib/auth/business-context";
import { businessTimeZone } from "@/lib/business/business-time-zone";
import { NotAuthenticatedError } from "@/lib/errors";
import { redirectToSignIn } from "@/lib/auth/redirect-to-sign-in";
import { currentUser } from "@/lib/auth/session";
import { shellAttention } from "@/lib/sync/status/shell-attention";

async function contextOrRedirect() {
  try {
    return await resolveBusinessContext();
  } catch (error) {
    if (error instanceof NotAuthenticatedError) await redirectToSignIn();
    throw error;
  }
}

/** The admin shell: every page under it has a signed-in user with a business. */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const ctx = await contextOrRedirect();
  if (!ctx) {
    // A support user who is not impersonating (or whose time ran out) belongs in the support console.
    if ((await currentUser())?.isSupport) redirect("/support");
    return (
      <main className="mx-auto max-w-lg p-10 text-center">
        <h1 className="text-xl font-semibold">No business yet</h1>
        <p className="mt-2 text-slate-600">Your account is not a member of any business.</p>
        <div className="mt-4">
          <SignOutButton />
        </div>
      </main>
    );
  }
  const [choices, attention, timeZone] = await Promise.all([
    businessesOf(ctx.user.id),
    shellAttention(ctx),
    ctx.impersonation ? businessTimeZone(ctx) : "UTC",
  ]);
  return (
    <div className="min-h-screen">
      <ImpersonationBanner ctx={ctx} timeZone={timeZone} />
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3 sm:px-6">
          <Link href="/" className="text-lg font-semibold" data-testid="business-name">
            {ctx.businessName}
          </Link>
          <BusinessSwitcher current={ctx.businessId} choices={choices} />
          <div className="ml-auto flex items-center gap-3">
            <span className="text-sm text-slate-600" data-testid="signed-in-user">
              {ctx.user.name}{" "}
              <span className="text-slate-500">
                ({ctx.impersonation ? "Support" : ctx.role === "OWNER" ? "Owner" : "Staff"})
              </span>
            </span>
            <Link href="/settings/notifications" className="text-sm text-slate-700 hover:underline">
              Notification settings
            </Link>
            <AppDrawer />
            <SignOutButton />
          </div>
        </div>
      </header>
      <IntegrationAttentionBanner attention={attention} />
      <main className="mx-auto max-w-7xl px-4 py-6 sm:px-6 sm:py-8">{children}</main>
    </div>
  );
}
