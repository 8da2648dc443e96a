import type { FormEventHandler, KeyboardEventHandler, ReactNode } from "react";
import { Message } from "@/components/ui/message";
import { TextField } from "@/components/ui/text-field";

/**
 * The form of a client type's or group's name, for adding and for renaming one: the name field (at most 100
 * characters; the server says what else is wrong), the form's buttons (`children`), and the form's error unless the
 * field already shows it.
 */
export function OptionNameForm({
  label,
  field,
  errors,
  onSubmit,
  onKeyDown,
  gap,
  children,
}: {
  /** The form's accessible name. */
  label: string;
  field: { label: string; defaultValue?: string; hint?: string; autoFocus?: boolean };
  errors: { name: string | undefined; form: string | null };
  onSubmit: FormEventHandler<HTMLFormElement>;
  onKeyDown?: KeyboardEventHandler<HTMLFormElement>;
  gap: "gap-2" | "gap-3";
  children: ReactNode;
}) {
  return (
    <form
      onSubmit={onSubmit}
      onKeyDown={onKeyDown}
      noValidate
      aria-label={label}
      className={`flex flex-wrap items-start ${gap}`}
    >
      <TextField
        name="name"
        maxLength={100}
        autoComplete="off"
        className="min-w-56 flex-1"
        error={errors.name}
        {...field}
      />
      {children}
      <Message tone="error" className="w-full">
        {!errors.name && errors.form}
      </Message>
    </form>
  );
}
