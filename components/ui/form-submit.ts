import type { FormEvent } from "react";

/**
 * The submit handler of a form that a script sends: no page load, nothing while `busy` (a submit still running, or
 * nothing to save), and the form's fields as FormData (with the form itself, e.g. to clear it afterwards).
 */
export function formSubmit(busy: boolean, submit: (fields: FormData, form: HTMLFormElement) => unknown) {
  return (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!busy) void submit(new FormData(event.currentTarget), event.currentTarget);
  };
}

/** A field's text from a submitted form: "" when the form has no such field (an unchecked box, a missing input). */
export function formText(form: FormData, name: string): string {
  return String(form.get(name) ?? "");
}
