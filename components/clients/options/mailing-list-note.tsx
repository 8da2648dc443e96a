// What the client types and groups page says about the business's mailing-list tools, in plain words: which of them
// client types and groups are sent to (the owner's choice on each integration's page), and so whether renames and
// deletes made here reach them.
import Link from "next/link";
import type { ClientOptionsOverview } from "@/lib/clients/list-client-options";
import { PROVIDER_WORDS, PROVIDERS } from "@/lib/provider-words";
import { providerNames } from "./option-words";

/** "Client types and groups are sent to Constant Contact", or whichever part of it is true. */
function whatIsSent({ type, group }: ClientOptionsOverview["sent"]): string | null {
  const same = type.length === group.length && type.every((p) => group.includes(p));
  if (type.length > 0 && group.length > 0)
    return same
      ? `Client types and groups are sent to ${providerNames(type)}`
      : `Client types are sent to ${providerNames(type)} and groups to ${providerNames(group)}`;
  if (type.length > 0) return `Client types are (groups are not) sent to ${providerNames(type)}`;
  if (group.length > 0) return `Groups are (client types are not) sent to ${providerNames(group)}`;
  return null;
}

export function MailingListNote({ sent }: { sent: ClientOptionsOverview["sent"] }) {
  const what = whatIsSent(sent);
  const to = [...new Set([...sent.type, ...sent.group])];
  const named = sent.connected.length > 0 ? sent.connected : PROVIDERS;
  const one = named.length === 1 ? PROVIDER_WORDS[named[0]!] : null;
  return (
    <p
      role="note"
      data-testid="client-options-mailing-lists"
      className="rounded-md border border-slate-200 bg-slate-50 px-4 py-3 text-sm text-slate-700"
    >
      {what ? (
        <>
          {what} with each synced client, so you can build segments there. Renaming one here sends the new name to{" "}
          {providerNames(to)}, and deleting one clears it there, for every synced client who has it, within minutes.
        </>
      ) : (
        <>
          Client types and groups are not sent to {providerNames(named, "or")}, so changes here stay here. The owner can
          choose to send them, for segments, on the{" "}
          <Link href={one?.path ?? "/setup/integrations"} className="text-brand underline">
            {one ? `${one.name} page` : "Integrations page"}
          </Link>
          .
        </>
      )}
    </p>
  );
}
