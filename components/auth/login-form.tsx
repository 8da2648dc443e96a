"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { CredentialsForm, EmailPasswordFields } from "@/components/ui/credentials-form";
import { formText } from "@/components/ui/form-submit";

/** `returnPath` is already checked to be a path on this site (the login page does it on the server). */
export function LoginForm({ returnPath }: { returnPath: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(form: FormData) {
    setPending(true);
    setError(null);
    const result = await signIn("credentials", {
      email: formText(form, "email"),
      password: formText(form, "password"),
      redirect: false,
    }).catch(() => null);
    setPending(false);
    if (!result || result.error || !result.ok) {
      setError(
        result?.error && result.error !== "CredentialsSignin" ? result.error : "Could not sign in. Please try again.",
      );
      return;
    }
    router.replace(returnPath);
    router.refresh();
  }

  return (
    <CredentialsForm onSubmit={submit} pending={pending} error={error} submitLabel="Log in" pendingLabel="Signing in…">
      <EmailPasswordFields />
    </CredentialsForm>
  );
}
