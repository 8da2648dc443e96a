"use client";

import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import { setPortalPasswordAction } from "@/actions/portal";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { useServerAction } from "@/components/ui/use-server-action";

export function SetPasswordForm(props: { slug: string; token: string }) {
  const router = useRouter();
  const { execute, pending, error: failure, fieldErrors: errors } = useServerAction(setPortalPasswordAction);
  // A used or expired link is the form's problem, not a field's.
  const error = errors.token ?? failure;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const form = new FormData(event.currentTarget);
    const result = await execute({
      business: props.slug,
      token: props.token,
      password: String(form.get("password") ?? ""),
      confirm: String(form.get("confirm") ?? ""),
    });
    if (!result.ok) return;
    router.replace(`/portal/${props.slug}`);
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} noValidate className="mt-6 space-y-4">
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
      {error && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      )}
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Saving…" : "Set password"}
      </Button>
    </form>
  );
}
