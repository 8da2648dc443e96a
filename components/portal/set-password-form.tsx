"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import type { ActionResult } from "@/lib/auth/define-action";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { callAction } from "@/components/ui/call-action";

export function SetPasswordForm(props: {
  slug: string;
  token: string;
  setPassword: (slug: string, input: { token: string; password: string; confirm: string }) => Promise<ActionResult<null>>;
}) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await callAction(
      props.setPassword(props.slug, { token: props.token, password: String(form.get("password") ?? ""), confirm: String(form.get("confirm") ?? "") }));
    setPending(false);
    if (!result.ok) {
      const fields = ("fieldErrors" in result ? result.fieldErrors : undefined) ?? {};
      setErrors(fields);
      setError(fields.token ?? result.error);
      return;
    }
    router.replace(`/portal/${props.slug}`);
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} noValidate className="mt-6 space-y-4">
      <TextField label="New password" name="password" type="password" autoComplete="new-password" hint="At least 10 characters." error={errors.password} required />
      <TextField label="Repeat the password" name="confirm" type="password" autoComplete="new-password" error={errors.confirm} required />
      {error && <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">{error}</p>}
      <Button type="submit" disabled={pending} className="w-full">{pending ? "Saving…" : "Set password"}</Button>
    </form>
  );
}
