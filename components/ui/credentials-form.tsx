"use client";

import type { ReactNode } from "react";
import { Button } from "./button";
import { formSubmit } from "./form-submit";
import { Message } from "./message";
import { TextField } from "./text-field";

/**
 * The shape every sign-in form shares (staff login, Client Portal sign-in, setting a portal password): its fields,
 * the form's error, and one full-width submit button that says it is working and takes no second submit meanwhile.
 * Field rules are the server's, so the browser's own validation is off.
 */
export function CredentialsForm({
  onSubmit,
  pending,
  error,
  submitLabel,
  pendingLabel,
  children,
}: {
  onSubmit: (form: FormData) => void | Promise<void>;
  pending: boolean;
  error: string | null | undefined;
  submitLabel: string;
  pendingLabel: string;
  children: ReactNode;
}) {
  return (
    <form noValidate className="mt-6 space-y-4" onSubmit={formSubmit(pending, onSubmit)}>
      {children}
      <Message tone="error" boxed>
        {error}
      </Message>
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? pendingLabel : submitLabel}
      </Button>
    </form>
  );
}

/** The email and password of a sign-in, filled in by password managers as a login. */
export function EmailPasswordFields() {
  return (
    <>
      <TextField label="Email" name="email" type="email" autoComplete="username" required />
      <TextField label="Password" name="password" type="password" autoComplete="current-password" required />
    </>
  );
}
