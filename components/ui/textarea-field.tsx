import type { TextareaHTMLAttributes } from "react";
import { controlClass, Field } from "./field";

type Props = TextareaHTMLAttributes<HTMLTextAreaElement> & {
  label: string;
  error?: string | null;
  hint?: string;
  errorRole?: "alert";
};

/** A labelled textarea whose error and hint are tied to it, like TextField. */
export function TextAreaField({ label, error, hint, errorRole, id, className, ...props }: Props) {
  return (
    <Field label={label} error={error} hint={hint} id={id} className={className} errorRole={errorRole}>
      {(control) => <textarea {...control} className={controlClass()} {...props} />}
    </Field>
  );
}
