"use client";

// Delete and its confirmation: how many clients lose the type or group, and, when the business sends it to its
// mailing-list tools, that it is cleared there too. Nothing is deleted until Delete is pressed in the dialog.
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { deleteClientOptionAction } from "@/lib/server-actions/client-options";
import type { ClientOptionKind } from "@/lib/clients/client-option";
import type { ClientOptionRow } from "@/lib/clients/list-client-options";
import type { Provider } from "@/lib/generated/prisma/enums";
import { clientsCount, OPTION_WORDS, providerNames, sentFieldWords } from "./option-words";

export function DeleteClientOptionButton({
  kind,
  row,
  sentTo,
  onDone,
}: {
  kind: ClientOptionKind;
  row: ClientOptionRow;
  sentTo: Provider[];
  onDone: (message: string) => void;
}) {
  const router = useRouter();
  const words = OPTION_WORDS[kind];
  const who =
    row.clients === 0
      ? `No client has this ${words.one}.`
      : kind === "type"
        ? `${clientsCount(row.clients)} ${row.clients === 1 ? "has" : "have"} this client type. They stay, with no client type.`
        : `${clientsCount(row.clients)} ${row.clients === 1 ? "is" : "are"} in this group. They stay, only no longer in it.`;
  const where = providerNames(sentTo);
  const elsewhere =
    sentTo.length === 0
      ? `${words.title} are not sent to your mailing-list tools, so nothing changes there.`
      : row.clients === 0
        ? `Your ${words.title.toLowerCase()} are sent to ${where}, but no client has this one, so nothing changes there.`
        : `Your ${words.title.toLowerCase()} are sent to ${where}, so “${row.name}” is also cleared there from ${row.clients === 1 ? "this client's contact" : "these clients' contacts"} (${sentFieldWords(kind, sentTo).replace(/^the /, "")}), within minutes.`;

  return (
    <ConfirmDialog
      opener={(open) => (
        <Button variant="ghost" aria-haspopup="dialog" aria-label={`Delete ${row.name}`} onClick={open}>
          Delete
        </Button>
      )}
      title={`Delete the ${words.one} “${row.name}”?`}
      confirmLabel="Delete"
      pendingLabel="Deleting…"
      action={() => deleteClientOptionAction({ kind, id: row.id })}
      onDone={({ resent }) => {
        onDone(
          `Deleted the ${words.one} “${row.name}”.${resent ? ` ${where} ${sentTo.length > 1 ? "are" : "is"} being updated.` : ""}`,
        );
        router.refresh();
      }}
    >
      <p className="mt-3 text-sm text-slate-700" data-testid="delete-option-clients">
        {who}
      </p>
      <p className="mt-2 text-sm text-slate-700" data-testid="delete-option-mailing-lists">
        {elsewhere}
      </p>
    </ConfirmDialog>
  );
}
