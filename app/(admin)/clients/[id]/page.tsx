import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { requirePageContext } from "@/lib/auth/page-context";
import { getClientProfile, type ClientProfile } from "@/lib/clients/get-client-profile";
import { loadBusinessOptions } from "@/lib/clients/load-business-options";
import { latestPortalInvitation } from "@/lib/clients/portal/send-portal-invitation";
import { ClientForm } from "@/components/clients/client-form";
import { ConsentHistory } from "@/components/clients/consent-history";
import { CONSENT_METHOD_LABELS, CONSENT_SOURCE_LABELS } from "@/components/clients/consent-labels";
import { formatEnteredDay, formatExact, todayIn } from "@/components/time/format-time";
import { ZonedTime } from "@/components/time/zoned-time";
import { NotificationSettings } from "@/components/clients/notification-settings";
import { PortalInvitationButton } from "@/components/clients/portal-invitation-button";
import { SyncStatus } from "@/components/clients/sync-status";
import { Panel } from "@/components/ui/panel";
import { PROVIDER_WORDS } from "@/lib/provider-words";
import { clientSyncView } from "@/lib/sync/status/client-sync";

export const metadata = { title: "Client · Studio Manager" };

function consentSummary(p: ClientProfile): string {
  if (p.newsOptIn) {
    const how = p.consentMethod ? ` (${CONSENT_METHOD_LABELS[p.consentMethod].toLowerCase()})` : "";
    return p.consentAt ? `Consent given ${formatEnteredDay(p.consentAt, p.timeZone)}${how}.` : `Subscribed${how}.`;
  }
  if (p.unsubscribedAt && p.unsubscribeSource)
    return `Unsubscribed ${formatExact(p.unsubscribedAt, p.timeZone)} by ${CONSENT_SOURCE_LABELS[p.unsubscribeSource]}.`;
  return "Not subscribed.";
}

export default async function ClientProfilePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const ctx = await requirePageContext();
  // A malformed id, or a client of another business, is simply not found.
  if (!z.uuid().safeParse(id).success) notFound();
  const [profile, options, invitation, syncs] = await Promise.all([
    getClientProfile(ctx, id),
    loadBusinessOptions(ctx),
    latestPortalInvitation(ctx, id),
    clientSyncView(ctx, id),
  ]);
  if (!profile) notFound();
  const fullName = `${profile.firstName} ${profile.lastName}`;

  return (
    <section className="space-y-8">
      <div>
        <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
          <Link href="/clients">Clients</Link> / <span className="break-all">{fullName}</span>
        </nav>
        <h1 className="mt-1 text-2xl font-semibold break-words" data-testid="client-name">
          {fullName}
        </h1>
      </div>

      <div className="grid gap-8 lg:grid-cols-[3fr_2fr]">
        <Panel title="Profile">
          <ClientForm
            mode="edit"
            clientId={profile.id}
            initial={{
              firstName: profile.firstName,
              lastName: profile.lastName,
              email: profile.email ?? "",
              city: profile.city ?? "",
              clientTypeId: profile.clientTypeId ?? "",
              groupIds: profile.groupIds,
            }}
            clientTypes={options.clientTypes}
            groups={options.groups}
          />
        </Panel>

        <div className="space-y-8">
          <Panel title="Notification settings">
            <NotificationSettings
              key={`${profile.newsOptIn}-${profile.history[0]?.id ?? "none"}`}
              clientId={profile.id}
              optedIn={profile.newsOptIn}
              summary={consentSummary(profile)}
              today={todayIn(profile.timeZone)}
            />
          </Panel>

          {syncs.map((sync) => (
            <Panel key={sync.provider} title={PROVIDER_WORDS[sync.provider].name}>
              <SyncStatus sync={sync} timeZone={profile.timeZone} />
            </Panel>
          ))}
          {syncs.length === 0 && (
            <Panel title="Mailing lists">
              <p className="text-sm text-slate-600" data-testid="sync-status">
                Not yet synced: the business has no mailing-list integration connected.
              </p>
            </Panel>
          )}

          <Panel
            title="Client Portal"
            description={
              profile.hasPortalPassword
                ? "The client has a portal password."
                : "The client has not set a portal password yet."
            }
          >
            {invitation && (
              <p className="mb-3 text-sm text-slate-600 break-words" data-testid="last-invitation">
                Last invitation sent to <span className="break-all">{invitation.sentToEmail}</span> on{" "}
                <ZonedTime at={invitation.createdAt} timeZone={profile.timeZone} show="exact" />
                {invitation.state === "open" ? "." : ` (${invitation.state}).`}
              </p>
            )}
            <PortalInvitationButton
              clientId={profile.id}
              disabledReason={
                profile.email
                  ? null
                  : "This client has no email, so they cannot be invited. Add their email to the profile first."
              }
            />
          </Panel>
        </div>
      </div>

      <Panel title="Consent history">
        <ConsentHistory history={profile.history} timeZone={profile.timeZone} />
      </Panel>
    </section>
  );
}
