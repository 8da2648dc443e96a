"use client";

import { useRouter } from "next/navigation";
import { signInPortalAction } from "@/lib/server-actions/portal";
import { CredentialsForm, EmailPasswordFields } from "@/components/ui/credentials-form";
import { useServerAction } from "@/components/ui/use-server-action";
import { formText } from "@/components/ui/form-submit";

export function PortalSignInForm(props: { slug: string }) {
  const router = useRouter();
  const { execute, pending, error } = useServerAction(signInPortalAction);

  async function submit(form: FormData) {
    const result = await execute({
      business: props.slug,
      email: formText(form, "email"),
      password: formText(form, "password"),
    });
    if (result.ok) router.refresh();
  }

  return (
    <CredentialsForm onSubmit={submit} pending={pending} error={error} submitLabel="Sign in" pendingLabel="Signing in…">
      <EmailPasswordFields />
    </CredentialsForm>
  );
}
