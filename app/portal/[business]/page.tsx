import { getPortalProfile } from "@/lib/clients/portal/portal-notification-settings";
import { PortalSignInForm } from "@/components/portal/portal-sign-in-form";
import { PortalSubscription } from "@/components/portal/portal-subscription";
import { currentPortal } from "@/lib/clients/portal/portal-cookie";

export const metadata = { title: "Client Portal" };

export default async function PortalPage({ params }: { params: Promise<{ business: string }> }) {
  const { business: slug } = await params;
  const portal = await currentPortal(slug);
  if (!portal) {
    return (
      <section className="mx-auto max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="text-2xl font-semibold">Sign in</h1>
        <p className="mt-1 text-sm text-slate-600">Use the email the studio has for you and your portal password.</p>
        <PortalSignInForm slug={slug} />
      </section>
    );
  }
  const profile = await getPortalProfile(portal);
  return (
    <section className="space-y-6">
      <h1 className="text-2xl font-semibold break-words">Hello, {profile.firstName}</h1>
      <section aria-labelledby="notifications-heading" className="rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="notifications-heading" className="text-lg font-semibold">
          Notification settings
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          {profile.email ? (
            <>
              Emails from {profile.business.name} go to <span className="break-all">{profile.email}</span>.
            </>
          ) : null}
        </p>
        <PortalSubscription key={String(profile.newsOptIn)} slug={slug} optedIn={profile.newsOptIn} />
      </section>
    </section>
  );
}
