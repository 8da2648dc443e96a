import { listAlertPreferences } from "@/lib/alerts/alert-preferences";
import { requirePageContext } from "@/lib/auth/page-context";
import { AlertPreferencesForm } from "@/components/alerts/alert-preferences-form";

export const metadata = { title: "Notification settings · Studio Manager" };

/** A person's own email alerts for the current business. */
export default async function NotificationSettingsPage() {
  const ctx = await requirePageContext();
  const preferences = await listAlertPreferences(ctx);
  const readOnly = Boolean(ctx.impersonation);
  return (
    <section className="max-w-2xl space-y-4">
      <h1 className="text-2xl font-semibold">Notification settings</h1>
      <p className="text-sm text-slate-600 break-words">
        Email alerts about {ctx.businessName}&apos;s Constant Contact sync go to {ctx.user.email}: one email when
        something needs attention and a short one when it is back to normal.
      </p>
      {readOnly && (
        <p role="note" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          You are logged in as this business by support: these are someone&apos;s own settings, so they cannot be
          changed here.
        </p>
      )}
      <AlertPreferencesForm preferences={preferences} readOnly={readOnly} />
    </section>
  );
}
