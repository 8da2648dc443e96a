import type { InputHTMLAttributes } from "react";
import { controlClass, Field } from "./field";

type Props = InputHTMLAttributes<HTMLInputElement> & {
  label: string;
  error?: string;
  hint?: string;
  /** The input's own classes: its width (full unless given) and e.g. `uppercase`. `className` is the field's. */
  inputClassName?: string;
};

/** A labelled input whose error and hint are tied to it (aria-describedby). */
export function TextField({ label, error, hint, id, className, inputClassName, ...props }: Props) {
  return (
    <Field label={label} error={error} hint={hint} id={id} className={className}>
      {(control) => <input {...control} className={controlClass(inputClassName)} {...props} />}
    </Field>
  );
}
