"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import type { ActionResult } from "@/lib/auth/define-action";
import { STAFF_CONSENT_METHODS, type StaffConsentInput, type StaffConsentMethod } from "@/lib/clients/consent-rules";
import { Button } from "@/components/ui/button";
import { SelectField } from "@/components/ui/select-field";
import { TextField } from "@/components/ui/text-field";
import { CONSENT_METHOD_LABELS } from "./consent-labels";
import { callAction } from "@/components/ui/call-action";

/**
 * "Subscribe to news and updates". The vendor rule, visible in the form: turning it on asks how and when the client
 * gave consent; turning it off is always allowed and asks nothing.
 */
export function NotificationSettings(props: {
  clientId: string;
  optedIn: boolean;
  summary: string;
  today: string;
  changeConsent: (input: StaffConsentInput) => Promise<ActionResult<{ changed: boolean }>>;
}) {
  const router = useRouter();
  const [checked, setChecked] = useState(props.optedIn);
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ kind: "error" | "ok"; text: string } | null>(null);
  const dirty = checked !== props.optedIn;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending || !dirty) return;
    const form = new FormData(event.currentTarget);
    const input: StaffConsentInput = checked
      ? // The method is whatever the select holds; the server refuses anything but a staff method.
        { clientId: props.clientId, optIn: true, method: String(form.get("method") ?? "") as StaffConsentMethod, consentGivenOn: String(form.get("consentGivenOn") ?? "") }
      : { clientId: props.clientId, optIn: false };
    setPending(true);
    setMessage(null);
    const result = await callAction(props.changeConsent(input));
    setPending(false);
    if (!result.ok) {
      setErrors("fieldErrors" in result ? (result.fieldErrors ?? {}) : {});
      setMessage({ kind: "error", text: result.error });
      return;
    }
    setErrors({});
    setMessage({ kind: "ok", text: checked ? "Subscribed to news and updates." : "Unsubscribed from news and updates." });
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3" aria-label="Notification settings">
      <label className="flex items-center gap-2 font-medium">
        <input type="checkbox" name="optIn" checked={checked} onChange={(e) => { setChecked(e.target.checked); setMessage(null); }} className="h-4 w-4" />
        Subscribe to news and updates
      </label>
      <p className="text-sm text-slate-600" data-testid="consent-summary">{props.summary}</p>
      {checked && !props.optedIn && (
        <div className="grid gap-3 rounded-md border border-amber-200 bg-amber-50 p-3 sm:grid-cols-2">
          <p className="text-sm text-amber-900 sm:col-span-2">Only subscribe a client who has agreed to receive news and updates. Record how and when they agreed.</p>
          <SelectField
            label="How consent was given"
            name="method"
            defaultValue=""
            error={errors.method}
            options={[{ value: "", label: "Choose…" }, ...STAFF_CONSENT_METHODS.map((m) => ({ value: m, label: CONSENT_METHOD_LABELS[m] }))]}
          />
          <TextField label="Date consent was given" name="consentGivenOn" type="date" defaultValue={props.today} max={props.today} error={errors.consentGivenOn} />
        </div>
      )}
      {message && (
        <p role={message.kind === "error" ? "alert" : "status"} className={`rounded-md px-3 py-2 text-sm ${message.kind === "error" ? "bg-red-50 text-red-800" : "bg-green-50 text-green-800"}`}>
          {message.text}
        </p>
      )}
      <Button type="submit" disabled={pending || !dirty}>
        {pending ? "Saving…" : "Save notification settings"}
      </Button>
    </form>
  );
}
