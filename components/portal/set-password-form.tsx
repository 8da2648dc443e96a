"use client";

import { useRouter } from "next/navigation";
import { setPortalPasswordAction } from "@/lib/server-actions/portal";
import { CredentialsForm } from "@/components/ui/credentials-form";
import { TextField } from "@/components/ui/text-field";
import { useServerAction } from "@/components/ui/use-server-action";
import { formText } from "@/components/ui/form-submit";

export function SetPasswordForm(props: { slug: string; token: string }) {
  const router = useRouter();
  const { execute, pending, error: failure, fieldErrors: errors } = useServerAction(setPortalPasswordAction);
  // A used or expired link is the form's problem, not a field's.
  const error = errors.token ?? failure;

  async function submit(form: FormData) {
    const result = await execute({
      business: props.slug,
      token: props.token,
      password: formText(form, "password"),
      confirm: formText(form, "confirm"),
    });
    if (!result.ok) return;
    router.replace(`/portal/${props.slug}`);
    router.refresh();
  }

  return (
    <CredentialsForm
      onSubmit={submit}
      pending={pending}
      error={error}
      submitLabel="Set password"
      pendingLabel="Saving…"
    >
      <TextField
        label="New password"
        name="password"
        type="password"
        autoComplete="new-password"
        hint="At least 10 characters."
        error={errors.password}
        required
      />
      <TextField
        label="Repeat the password"
        name="confirm"
        type="password"
        autoComplete="new-password"
        error={errors.confirm}
        required
      />
    </CredentialsForm>
  );
}
