"use client";

// Renaming a type or group in place, in its row: the name field, Save and Cancel (Escape cancels too).
import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { useServerAction } from "@/components/ui/use-server-action";
import { Message } from "@/components/ui/message";
import { formText } from "@/components/ui/form-text";
import { renameClientOptionAction } from "@/actions/client-options";
import type { ClientOptionKind } from "@/lib/clients/client-option";
import type { ClientOptionRow } from "@/lib/clients/list-client-options";
import { clientsCount, OPTION_WORDS } from "./option-words";

export function RenameClientOptionForm({
  kind,
  row,
  sent,
  onDone,
  onCancel,
}: {
  kind: ClientOptionKind;
  row: ClientOptionRow;
  sent: boolean;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const router = useRouter();
  const { execute, pending, error, fieldErrors } = useServerAction(renameClientOptionAction);
  const words = OPTION_WORDS[kind];

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const name = formText(new FormData(event.currentTarget), "name").trim();
    const result = await execute({ kind, id: row.id, name });
    if (!result.ok) return;
    const resent = result.data.resent
      ? ` ${clientsCount(row.clients)} ${row.clients === 1 ? "is" : "are"} being updated in Constant Contact.`
      : "";
    onDone(name === row.name ? "Nothing changed." : `Renamed “${row.name}” to “${name}”.${resent}`);
    router.refresh();
  }

  return (
    <form
      onSubmit={onSubmit}
      onKeyDown={(e) => {
        if (e.key === "Escape") onCancel();
      }}
      noValidate
      aria-label={`Rename ${row.name}`}
      className="flex flex-wrap items-start gap-2"
    >
      <TextField
        label={`New name for ${row.name}`}
        name="name"
        defaultValue={row.name}
        maxLength={100}
        autoComplete="off"
        autoFocus
        error={fieldErrors.name}
        hint={sent ? `Sent to Constant Contact as the new ${words.customField} value of its clients.` : undefined}
        className="min-w-56 flex-1"
      />
      <div className="flex gap-2 sm:mt-6">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save"}
        </Button>
        <Button variant="secondary" onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
      </div>
      {/* A name's own error shows at its field. */}
      <Message tone="error" className="w-full">
        {!fieldErrors.name && error}
      </Message>
    </form>
  );
}
