"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type ComponentProps } from "react";
import { createClientAction, updateClientProfileAction } from "@/lib/server-actions/clients";
import { Button } from "@/components/ui/button";
import { SelectField } from "@/components/ui/select-field";
import { TextField } from "@/components/ui/text-field";
import { useServerAction } from "@/components/ui/use-server-action";
import { formSubmit, formText } from "@/components/ui/form-submit";
import { Message } from "@/components/ui/message";

type Option = { id: string; name: string };
type TextName = "firstName" | "lastName" | "email" | "city";
export type ClientFormValues = {
  firstName: string;
  lastName: string;
  email: string;
  city: string;
  clientTypeId: string;
  groupIds: string[];
};

/**
 * The create and edit form of a client. Errors come back per field from the server (the one source of the rules).
 * Duplicate submissions: the button is disabled while saving, and a create carries a key generated once per form,
 * so even a retried request or a second tab posting the same form finds the first client on the server.
 */
export function ClientForm(
  props: { initial: ClientFormValues; clientTypes: Option[]; groups: Option[] } & (
    { mode: "create" } | { mode: "edit"; clientId: string }
  ),
) {
  const router = useRouter();
  const [creationKey] = useState(() => crypto.randomUUID());
  // A create saves with the form's creation key, an edit with the client id.
  const {
    execute,
    pending,
    error,
    fieldErrors: errors,
  } = useServerAction((values: ClientFormValues) =>
    props.mode === "create"
      ? createClientAction({ ...values, creationKey })
      : updateClientProfileAction({ ...values, clientId: props.clientId }),
  );
  const [saved, setSaved] = useState(false);

  async function save(form: FormData) {
    const values: ClientFormValues = {
      firstName: formText(form, "firstName"),
      lastName: formText(form, "lastName"),
      email: formText(form, "email"),
      city: formText(form, "city"),
      clientTypeId: formText(form, "clientTypeId"),
      groupIds: form.getAll("groupIds").map(String),
    };
    setSaved(false);
    const result = await execute(values);
    if (!result.ok) return;
    if (props.mode === "create") {
      router.push(`/clients/${result.data.id}`);
      return;
    }
    setSaved(true);
    router.refresh();
  }

  // A text field of the form: its value and its error go by its name.
  const text = (name: TextName, label: string, more: Partial<ComponentProps<typeof TextField>> = {}) => (
    <TextField
      label={label}
      name={name}
      defaultValue={props.initial[name]}
      error={errors[name]}
      autoComplete="off"
      {...more}
    />
  );
  const groupsError = errors.groupIds ?? Object.entries(errors).find(([k]) => k.startsWith("groupIds."))?.[1];
  return (
    <form
      onSubmit={formSubmit(pending, save)}
      noValidate
      className="space-y-4"
      aria-label={props.mode === "create" ? "New client" : "Profile"}
    >
      <div className="grid gap-4 sm:grid-cols-2">
        {text("firstName", "First name", { required: true })}
        {text("lastName", "Last name", { required: true })}
        {text("email", "Email", {
          type: "email",
          hint: "Optional. Without an email the client is never sent to Constant Contact.",
        })}
        {text("city", "City")}
        <SelectField
          label="Client type"
          name="clientTypeId"
          defaultValue={props.initial.clientTypeId}
          error={errors.clientTypeId}
          options={[{ value: "", label: "None" }, ...props.clientTypes.map((t) => ({ value: t.id, label: t.name }))]}
        />
      </div>
      {props.groups.length > 0 && (
        <fieldset aria-describedby={groupsError ? "groups-error" : undefined}>
          <legend className="text-sm font-medium text-slate-800">Groups</legend>
          <div className="mt-1 flex flex-wrap gap-x-5 gap-y-1">
            {props.groups.map((g) => (
              <label key={g.id} className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  name="groupIds"
                  value={g.id}
                  defaultChecked={props.initial.groupIds.includes(g.id)}
                />
                {g.name}
              </label>
            ))}
          </div>
          {groupsError && (
            <p id="groups-error" className="mt-1 text-sm text-red-700">
              {groupsError}
            </p>
          )}
        </fieldset>
      )}
      <p className="text-xs text-slate-500">
        Client types and groups are added, renamed and deleted on{" "}
        <Link href="/settings/client-options" className="text-brand underline">
          Client types and groups
        </Link>
        .
      </p>
      <Message tone="error" boxed>
        {error}
      </Message>
      <Message tone="success" boxed>
        {saved && "Saved."}
      </Message>
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : props.mode === "create" ? "Create client" : "Save profile"}
      </Button>
    </form>
  );
}
