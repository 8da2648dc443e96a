import Link from "next/link";
import { ChooseListDialog } from "@/components/constant-contact/choose-list-dialog";
import { ConnectButton } from "@/components/constant-contact/connect-button";
import { DisconnectButton } from "@/components/constant-contact/disconnect-button";
import { requirePageContext } from "@/lib/auth/page-context";
import { connectErrorMessage } from "@/lib/integrations/connect-errors";
import { connectionOverview } from "@/lib/integrations/constant-contact/connection";
import { REGION_MESSAGE } from "@/lib/integrations/constant-contact/region";
import { syncHistory } from "@/lib/sync/status/sync-history";
import { syncStatus } from "@/lib/sync/status/sync-status";
import { CONNECTION_STATUS_LABELS } from "@/components/constant-contact/connection-status-labels";
import { SegmentFieldsForm } from "@/components/constant-contact/segment-fields-form";
import { SyncSection } from "@/components/constant-contact/sync-section";

export const metadata = { title: "Constant Contact · Studio Manager" };

const PAGE = "/setup/integrations/constant-contact";

export default async function ConstantContactPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await requirePageContext();
  const overview = await connectionOverview(ctx);
  const query = await searchParams;
  const errorCode = typeof query.error === "string" ? query.error : null;
  const errorMessage = connectErrorMessage(errorCode, "CONSTANT_CONTACT");
  const connection = overview.connection;
  const [status, history] =
    connection && overview.regionSupported
      ? await Promise.all([syncStatus(ctx, "CONSTANT_CONTACT"), syncHistory(ctx, "CONSTANT_CONTACT", query.runsBefore)])
      : [null, null];

  return (
    <section>
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href="/apps">All apps</Link> / <Link href="/setup">Setup</Link> /{" "}
        <Link href="/setup/integrations">Integrations</Link> / Constant Contact
      </nav>
      <h1 className="mt-1 text-2xl font-semibold">Constant Contact</h1>

      <div className="mt-4 max-w-3xl space-y-2 text-sm text-slate-700">
        <p>
          Keep a Constant Contact list in sync with your clients. Once you connect your account and choose a list, every
          client subscribed to your news and updates is added to that list with their{" "}
          <strong>Name, Email and City</strong>.
        </p>
        <ul className="list-disc space-y-1 pl-5">
          <li>Only clients who subscribed to news and updates are synced (Constant Contact requires their consent).</li>
          <li>
            The sync is one-way, from here to Constant Contact, except unsubscribes: a client who unsubscribes in
            Constant Contact is unsubscribed here too.
          </li>
          <li>Changes reach Constant Contact within minutes, not 24 hours.</li>
          <li>
            Contacts keep all their other Constant Contact lists: we only add to and remove from the list you choose.
          </li>
        </ul>
      </div>

      {errorMessage && (
        <p role="alert" className="mt-6 rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
          {errorMessage}
        </p>
      )}
      {!errorMessage && query.connected === "1" && connection?.status === "NEEDS_LIST" && (
        <p
          role="status"
          className="mt-6 rounded-md border border-green-200 bg-green-50 px-4 py-3 text-sm text-green-800"
        >
          Connected to {connection.accountName}. Now choose the list to keep in sync.
        </p>
      )}
      {connection?.status === "NEEDS_RECONNECT" && (
        <div
          role="alert"
          className="mt-6 rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900"
        >
          Constant Contact no longer accepts this connection, so syncing is paused. Changes are kept and sent once you
          reconnect.
          {overview.canManage
            ? " Click Reconnect to sign in to Constant Contact again."
            : " Ask the business owner to reconnect."}
        </div>
      )}

      {!overview.regionSupported ? (
        <p
          className="mt-6 rounded-md border border-slate-200 bg-slate-50 px-4 py-3 text-sm text-slate-700"
          data-testid="cc-region-message"
        >
          {REGION_MESSAGE}
        </p>
      ) : (
        <div className="mt-6 rounded-lg border border-slate-200 bg-white" data-testid="cc-connection">
          <div className="flex flex-wrap items-center gap-3 border-b border-slate-100 px-5 py-4">
            <h2 className="text-lg font-medium">{overview.businessName}</h2>
            {connection && overview.canManage && (
              <DisconnectButton businessName={overview.businessName} pagePath={PAGE} />
            )}
          </div>
          <div className="px-5 py-4">
            {connection ? (
              <dl className="grid gap-y-1 text-sm sm:grid-cols-[12rem_1fr] sm:gap-y-2">
                <dt className="text-slate-500">Constant Contact account</dt>
                <dd data-testid="cc-account" className="break-words">
                  {connection.accountName}
                </dd>
                <dt className="text-slate-500">List</dt>
                <dd data-testid="cc-list" className="break-words">
                  {connection.listName ?? "No list chosen yet"}
                </dd>
                <dt className="text-slate-500">Status</dt>
                <dd data-testid="cc-status">{CONNECTION_STATUS_LABELS[connection.status]}</dd>
              </dl>
            ) : (
              <p className="text-sm text-slate-600">Not connected to Constant Contact.</p>
            )}
            {overview.canManage ? (
              <div className="mt-4 flex flex-wrap gap-3">
                {!connection && <ConnectButton label="Connect Business" />}
                {connection?.status === "NEEDS_RECONNECT" && <ConnectButton label="Reconnect" />}
                {(connection?.status === "NEEDS_LIST" || connection?.status === "ACTIVE") && (
                  <ChooseListDialog currentListId={connection.listId} pagePath={PAGE} />
                )}
              </div>
            ) : overview.impersonating ? (
              <p role="note" className="mt-4 text-sm text-slate-500" data-testid="cc-read-only-note">
                Read-only for support: only the business owner can connect, choose the list or disconnect. Sync now and
                Retry still work.
              </p>
            ) : (
              <p className="mt-4 text-sm text-slate-500">
                Only the business owner can connect, choose the list or disconnect.
              </p>
            )}
          </div>
        </div>
      )}

      {connection && overview.regionSupported && (
        <SegmentFieldsForm
          initial={{ clientType: connection.sendClientType, groups: connection.sendGroups }}
          canManage={overview.canManage}
          problem={connection.segmentFieldsError}
        />
      )}

      {status && history && <SyncSection status={status} history={history} pagePath={PAGE} />}
    </section>
  );
}
