"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { changeConsentAction } from "@/lib/server-actions/clients";
import { STAFF_CONSENT_METHODS, type StaffConsentInput, type StaffConsentMethod } from "@/lib/clients/consent-rules";
import { Button } from "@/components/ui/button";
import { SelectField } from "@/components/ui/select-field";
import { TextField } from "@/components/ui/text-field";
import { useServerAction } from "@/components/ui/use-server-action";
import { formSubmit, formText } from "@/components/ui/form-submit";
import { Message } from "@/components/ui/message";
import { CONSENT_METHOD_LABELS } from "./consent-labels";

/**
 * "Subscribe to news and updates". The vendor rule, visible in the form: turning it on asks how and when the client
 * gave consent; turning it off is always allowed and asks nothing.
 */
export function NotificationSettings(props: { clientId: string; optedIn: boolean; summary: string; today: string }) {
  const router = useRouter();
  const [checked, setChecked] = useState(props.optedIn);
  const { execute, pending, error, fieldErrors: errors, reset } = useServerAction(changeConsentAction);
  const [saved, setSaved] = useState<string | null>(null);
  const dirty = checked !== props.optedIn;

  async function save(form: FormData) {
    const input: StaffConsentInput = checked
      ? // The method is whatever the select holds; the server refuses anything but a staff method.
        {
          clientId: props.clientId,
          optIn: true,
          method: formText(form, "method") as StaffConsentMethod,
          consentGivenOn: formText(form, "consentGivenOn"),
        }
      : { clientId: props.clientId, optIn: false };
    setSaved(null);
    const result = await execute(input);
    if (!result.ok) return;
    setSaved(checked ? "Subscribed to news and updates." : "Unsubscribed from news and updates.");
    router.refresh();
  }

  return (
    <form
      onSubmit={formSubmit(pending || !dirty, save)}
      noValidate
      className="space-y-3"
      aria-label="Notification settings"
    >
      <label className="flex items-center gap-2 font-medium">
        <input
          type="checkbox"
          name="optIn"
          checked={checked}
          onChange={(e) => {
            setChecked(e.target.checked);
            setSaved(null);
            reset();
          }}
          className="h-4 w-4"
        />
        Subscribe to news and updates
      </label>
      <p className="text-sm text-slate-600" data-testid="consent-summary">
        {props.summary}
      </p>
      {checked && !props.optedIn && (
        <div className="grid gap-3 rounded-md border border-amber-200 bg-amber-50 p-3 sm:grid-cols-2">
          <p className="text-sm text-amber-900 sm:col-span-2">
            Only subscribe a client who has agreed to receive news and updates. Record how and when they agreed.
          </p>
          <SelectField
            label="How consent was given"
            name="method"
            defaultValue=""
            error={errors.method}
            options={[
              { value: "", label: "Choose…" },
              ...STAFF_CONSENT_METHODS.map((m) => ({ value: m, label: CONSENT_METHOD_LABELS[m] })),
            ]}
          />
          <TextField
            label="Date consent was given"
            name="consentGivenOn"
            type="date"
            defaultValue={props.today}
            max={props.today}
            error={errors.consentGivenOn}
          />
        </div>
      )}
      <Message tone="error" boxed>
        {error}
      </Message>
      <Message tone="success" boxed>
        {saved}
      </Message>
      <Button type="submit" disabled={pending || !dirty}>
        {pending ? "Saving…" : "Save notification settings"}
      </Button>
    </form>
  );
}
