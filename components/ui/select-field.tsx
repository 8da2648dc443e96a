import type { SelectHTMLAttributes } from "react";
import { controlClass, Field } from "./field";

type Props = SelectHTMLAttributes<HTMLSelectElement> & {
  label: string;
  error?: string;
  options: { value: string; label: string }[];
};

/** A labelled select whose error is tied to it, like TextField. */
export function SelectField({ label, error, options, id, className, ...props }: Props) {
  return (
    <Field label={label} error={error} id={id} className={className}>
      {(control) => (
        <select {...control} className={controlClass()} {...props}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
