"use client";

import { useState } from "react";
import { setAlertPreferenceAction } from "@/lib/server-actions/alert-preferences";
import type { AlertKind } from "@/lib/generated/prisma/client";
import { useServerAction } from "@/components/ui/use-server-action";
import { Message } from "@/components/ui/message";

type Kind = AlertKind;

/** One switch per alert kind; each change is saved at once. */
export function AlertPreferencesForm(props: {
  preferences: { kind: Kind; label: string; enabled: boolean }[];
  readOnly: boolean;
}) {
  const { execute, pending, error } = useServerAction(setAlertPreferenceAction);
  const [enabled, setEnabled] = useState(() => new Map(props.preferences.map((p) => [p.kind, p.enabled])));
  const [saved, setSaved] = useState<string | null>(null);

  async function change(kind: Kind, label: string, value: boolean) {
    setSaved(null);
    const result = await execute({ kind, enabled: value });
    if (!result.ok) return;
    setEnabled((current) => new Map(current).set(kind, value));
    setSaved(`${label}: ${value ? "on" : "off"}. Saved.`);
  }

  return (
    <fieldset
      aria-label="Email alerts"
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-5"
      disabled={props.readOnly || pending}
    >
      <legend className="px-1 text-sm font-medium">Email me when</legend>
      {props.preferences.map((p) => (
        <label key={p.kind} className="flex items-start gap-3 text-sm">
          <input
            type="checkbox"
            className="mt-1"
            checked={enabled.get(p.kind) ?? false}
            onChange={(e) => change(p.kind, p.label, e.currentTarget.checked)}
          />
          <span>{p.label}</span>
        </label>
      ))}
      <Message tone="error">{error}</Message>
      <Message tone="success">{saved}</Message>
    </fieldset>
  );
}
