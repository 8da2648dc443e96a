"use client";

// Renaming a type or group in place, in its row: the name field, Save and Cancel (Escape cancels too).
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { useServerAction } from "@/components/ui/use-server-action";
import { formSubmit, formText } from "@/components/ui/form-submit";
import { renameClientOptionAction } from "@/lib/server-actions/client-options";
import type { ClientOptionKind } from "@/lib/clients/client-option";
import type { ClientOptionRow } from "@/lib/clients/list-client-options";
import type { Provider } from "@/lib/generated/prisma/enums";
import { OptionNameForm } from "./option-name-form";
import { clientsCount, OPTION_WORDS, providerNames } from "./option-words";

export function RenameClientOptionForm({
  kind,
  row,
  sentTo,
  onDone,
  onCancel,
}: {
  kind: ClientOptionKind;
  row: ClientOptionRow;
  sentTo: Provider[];
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const router = useRouter();
  const { execute, pending, error, fieldErrors } = useServerAction(renameClientOptionAction);
  const words = OPTION_WORDS[kind];

  async function rename(fields: FormData) {
    const name = formText(fields, "name").trim();
    const result = await execute({ kind, id: row.id, name });
    if (!result.ok) return;
    const resent = result.data.resent
      ? ` ${clientsCount(row.clients)} ${row.clients === 1 ? "is" : "are"} being updated in ${providerNames(sentTo)}.`
      : "";
    onDone(name === row.name ? "Nothing changed." : `Renamed “${row.name}” to “${name}”.${resent}`);
    router.refresh();
  }

  return (
    <OptionNameForm
      label={`Rename ${row.name}`}
      field={{
        label: `New name for ${row.name}`,
        defaultValue: row.name,
        autoFocus: true,
        hint:
          sentTo.length > 0
            ? `Sent to ${providerNames(sentTo)} as the new ${words.customField} value of its clients.`
            : undefined,
      }}
      errors={{ name: fieldErrors.name, form: error }}
      onSubmit={formSubmit(pending, rename)}
      onKeyDown={(e) => {
        if (e.key === "Escape") onCancel();
      }}
      gap="gap-2"
    >
      <div className="flex gap-2 sm:mt-6">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save"}
        </Button>
        <Button variant="secondary" onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
      </div>
    </OptionNameForm>
  );
}
