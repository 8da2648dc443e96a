/** A field's text from a submitted form: "" when the form has no such field (an unchecked box, a missing input). */
export function formText(form: FormData, name: string): string {
  return String(form.get(name) ?? "");
}
