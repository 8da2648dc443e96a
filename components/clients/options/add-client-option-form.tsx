"use client";

// Adds a client type or group. The rules (1 to 100 characters, a name not yet used) are the server's: its errors
// come back next to the field.
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { useServerAction } from "@/components/ui/use-server-action";
import { formSubmit, formText } from "@/components/ui/form-submit";
import { createClientOptionAction } from "@/lib/server-actions/client-options";
import type { ClientOptionKind } from "@/lib/clients/client-option";
import { OptionNameForm } from "./option-name-form";
import { OPTION_WORDS } from "./option-words";

export function AddClientOptionForm({ kind, onAdded }: { kind: ClientOptionKind; onAdded: (message: string) => void }) {
  const router = useRouter();
  const { execute, pending, error, fieldErrors } = useServerAction(createClientOptionAction);
  const words = OPTION_WORDS[kind];

  async function add(fields: FormData, form: HTMLFormElement) {
    const name = formText(fields, "name");
    const result = await execute({ kind, name });
    if (!result.ok) return;
    form.reset();
    onAdded(`Added the ${words.one} “${name.trim()}”.`);
    router.refresh();
  }

  return (
    <OptionNameForm
      label={`Add a ${words.one}`}
      field={{ label: `New ${words.one}` }}
      errors={{ name: fieldErrors.name, form: error }}
      onSubmit={formSubmit(pending, add)}
      gap="gap-3"
    >
      <Button type="submit" disabled={pending} className="sm:mt-6">
        {pending ? "Adding…" : `Add ${words.one}`}
      </Button>
    </OptionNameForm>
  );
}
