import Link from "next/link";
import { ClientOptionSection } from "@/components/clients/options/client-option-section";
import { MailingListNote } from "@/components/clients/options/mailing-list-note";
import { requirePageContext } from "@/lib/auth/page-context";
import { listClientOptions } from "@/lib/clients/list-client-options";

export const metadata = { title: "Client types and groups · Studio Manager" };

/** The business's client types and groups: how many clients each has, add, rename, delete. Owners and staff. */
export default async function ClientOptionsPage() {
  const ctx = await requirePageContext();
  const options = await listClientOptions(ctx);
  const sent = options.sent;
  return (
    <section className="max-w-3xl space-y-6">
      <div>
        <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
          <Link href="/apps">All apps</Link> / <Link href="/setup">Setup</Link> / Client types and groups
        </nav>
        <h1 className="mt-1 text-2xl font-semibold">Client types and groups</h1>
        <p className="mt-2 text-sm text-slate-700">
          Sort your clients with a client type (one per client, for example Member or Drop-in) and groups (as many per
          client as you like, for example Seniors or Yoga). You choose them on each client&apos;s profile.
        </p>
      </div>
      <MailingListNote sent={sent} />
      <ClientOptionSection
        kind="type"
        description="Each client has at most one client type."
        rows={options.types}
        sentTo={sent.type}
      />
      <ClientOptionSection
        kind="group"
        description="A client can be in any number of groups."
        rows={options.groups}
        sentTo={sent.group}
      />
    </section>
  );
}
