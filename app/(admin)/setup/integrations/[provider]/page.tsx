import Link from "next/link";
import { notFound } from "next/navigation";
import { ChooseListDialog } from "@/components/integrations/choose-list-dialog";
import { ConnectButton } from "@/components/integrations/connect-button";
import { CONNECTION_STATUS_LABELS } from "@/components/integrations/connection-status-labels";
import { DisconnectButton } from "@/components/integrations/disconnect-button";
import { PROVIDER_COPY } from "@/components/integrations/provider-copy";
import { SegmentFieldsForm } from "@/components/integrations/segment-fields-form";
import { SyncSection } from "@/components/integrations/sync-section";
import { Message } from "@/components/ui/message";
import { requirePageContext } from "@/lib/auth/page-context";
import { PROVIDER_BY_SLUG } from "@/lib/clients/list-clients";
import type { BusinessContext } from "@/lib/auth/business-context";
import { connectErrorMessage } from "@/lib/integrations/connect-errors";
import type { ConnectionOverview } from "@/lib/integrations/connections";
import { connectionOverview as constantContactOverview } from "@/lib/integrations/constant-contact/connection";
import { REGION_MESSAGE } from "@/lib/integrations/constant-contact/region";
import { connectionOverview as mailchimpOverview } from "@/lib/integrations/mailchimp/connection";
import type { Provider } from "@/lib/generated/prisma/client";
import { PROVIDER_WORDS } from "@/lib/provider-words";
import { syncHistory } from "@/lib/sync/status/sync-history";
import { syncStatus } from "@/lib/sync/status/sync-status";

type Props = {
  params: Promise<{ provider: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const OVERVIEW: Record<Provider, (ctx: BusinessContext) => Promise<ConnectionOverview>> = {
  CONSTANT_CONTACT: constantContactOverview,
  MAILCHIMP: mailchimpOverview,
};

/** Why a provider cannot be connected by this business: Constant Contact's region rule, or no Mailchimp app here. */
const UNAVAILABLE: Record<Provider, string> = {
  CONSTANT_CONTACT: REGION_MESSAGE,
  MAILCHIMP: "Mailchimp is not available on this platform yet.",
};

export async function generateMetadata({ params }: Props) {
  const provider = PROVIDER_BY_SLUG[(await params).provider];
  return { title: `${provider ? PROVIDER_WORDS[provider].name : "Integration"} · Studio Manager` };
}

/** A mailing-list integration's page (Constant Contact, Mailchimp): the steps of the vendor article, and the sync. */
export default async function IntegrationPage({ params, searchParams }: Props) {
  const provider = PROVIDER_BY_SLUG[(await params).provider];
  if (!provider) notFound();
  const { name, list: word } = PROVIDER_WORDS[provider];
  const copy = PROVIDER_COPY[provider];
  const ctx = await requirePageContext();
  const overview = await OVERVIEW[provider](ctx);
  const query = await searchParams;
  const errorCode = typeof query.error === "string" ? query.error : null;
  const errorMessage = connectErrorMessage(errorCode, provider);
  const connection = overview.connection;
  const [status, history] =
    connection && overview.regionSupported
      ? await Promise.all([syncStatus(ctx, provider), syncHistory(ctx, provider, query.runsBefore)])
      : [null, null];

  return (
    <section>
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href="/apps">All apps</Link> / <Link href="/setup">Setup</Link> /{" "}
        <Link href="/setup/integrations">Integrations</Link> / {name}
      </nav>
      <h1 className="mt-1 text-2xl font-semibold">{name}</h1>

      <div className="mt-4 max-w-3xl space-y-2 text-sm text-slate-700">
        <p>
          Keep {word === "audience" ? "an" : "a"} {name} {word} in sync with your clients. Once you connect your account
          and choose {word === "audience" ? "an" : "a"} {word}, every client subscribed to your news and updates is
          added to that {word} with their <strong>Name, Email and City</strong>.
        </p>
        <ul className="list-disc space-y-1 pl-5">
          <li>Only clients who subscribed to news and updates are synced ({name} requires their consent).</li>
          {copy.bullets.map((bullet) => (
            <li key={bullet}>{bullet}</li>
          ))}
        </ul>
      </div>

      <Message tone="error" boxed className="mt-6">
        {errorMessage}
      </Message>
      {!errorMessage && query.connected === "1" && connection?.status === "NEEDS_LIST" && (
        <p
          role="status"
          className="mt-6 rounded-md border border-green-200 bg-green-50 px-4 py-3 text-sm text-green-800"
        >
          Connected to {connection.accountName}. Now choose the {word} to keep in sync.
        </p>
      )}
      {connection?.status === "NEEDS_RECONNECT" && (
        <div
          role="alert"
          className="mt-6 rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900"
        >
          {name} no longer accepts this connection, so syncing is paused. Changes are kept and sent once you reconnect.
          {overview.canManage
            ? ` Click Reconnect to sign in to ${name} again.`
            : " Ask the business owner to reconnect."}
        </div>
      )}
      {provider === "MAILCHIMP" && connection?.status === "ACTIVE" && !connection.webhookRegistered && (
        <Message tone="warning" boxed className="mt-6">
          Mailchimp could not reach this app to report unsubscribes as they happen, so they are checked every hour
          instead. Choose the audience again to retry.
        </Message>
      )}

      {!overview.regionSupported ? (
        <p
          className="mt-6 rounded-md border border-slate-200 bg-slate-50 px-4 py-3 text-sm text-slate-700"
          data-testid="integration-region-message"
        >
          {UNAVAILABLE[provider]}
        </p>
      ) : (
        <div className="mt-6 rounded-lg border border-slate-200 bg-white" data-testid="integration-connection">
          <div className="flex flex-wrap items-center gap-3 border-b border-slate-100 px-5 py-4">
            <h2 className="text-lg font-medium">{overview.businessName}</h2>
            {connection && overview.canManage && (
              <DisconnectButton provider={provider} businessName={overview.businessName} />
            )}
          </div>
          <div className="px-5 py-4">
            {connection ? (
              <dl className="grid gap-y-1 text-sm sm:grid-cols-[12rem_1fr] sm:gap-y-2">
                <dt className="text-slate-500">{name} account</dt>
                <dd data-testid="integration-account" className="break-words">
                  {connection.accountName}
                </dd>
                <dt className="text-slate-500 first-letter:uppercase">{word}</dt>
                <dd data-testid="integration-list" className="break-words">
                  {connection.listName ?? `No ${word} chosen yet`}
                </dd>
                <dt className="text-slate-500">Status</dt>
                <dd data-testid="integration-status">{CONNECTION_STATUS_LABELS[connection.status]}</dd>
              </dl>
            ) : (
              <p className="text-sm text-slate-600">Not connected to {name}.</p>
            )}
            {overview.canManage ? (
              <div className="mt-4 flex flex-wrap gap-3">
                {!connection && <ConnectButton provider={provider} label="Connect Business" />}
                {connection?.status === "NEEDS_RECONNECT" && <ConnectButton provider={provider} label="Reconnect" />}
                {(connection?.status === "NEEDS_LIST" || connection?.status === "ACTIVE") && (
                  <ChooseListDialog provider={provider} currentListId={connection.listId} />
                )}
              </div>
            ) : overview.impersonating ? (
              <p role="note" className="mt-4 text-sm text-slate-500" data-testid="integration-read-only-note">
                Read-only for support: only the business owner can connect, choose the {word} or disconnect. Sync now
                and Retry still work.
              </p>
            ) : (
              <p className="mt-4 text-sm text-slate-500">
                Only the business owner can connect, choose the {word} or disconnect.
              </p>
            )}
          </div>
        </div>
      )}

      {connection && overview.regionSupported && (
        <SegmentFieldsForm
          provider={provider}
          initial={{ clientType: connection.sendClientType, groups: connection.sendGroups }}
          canManage={overview.canManage}
          problem={connection.segmentFieldsError}
        />
      )}

      {status && history && <SyncSection status={status} history={history} />}
    </section>
  );
}
