"use client";

// What is sent to the provider besides Name, Email and City: the owner turns Client type and Groups on or off (for
// segments there); everyone else sees the choice read-only. The words say exactly what leaves the platform.
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useServerAction } from "@/components/ui/use-server-action";
import { Message } from "@/components/ui/message";
import type { Provider } from "@/lib/generated/prisma/enums";
import { PROVIDER_WORDS } from "@/lib/provider-words";
import { saveSegmentFields } from "@/lib/server-actions/integrations";
import { PROVIDER_COPY } from "./provider-copy";

type Choice = { clientType: boolean; groups: boolean };

export function SegmentFieldsForm({
  provider,
  initial,
  canManage,
  problem,
}: {
  provider: Provider;
  initial: Choice;
  canManage: boolean;
  problem: string | null;
}) {
  const [choice, setChoice] = useState<Choice>(initial);
  const [saved, setSaved] = useState<string | null>(null);
  const { execute, pending, error } = useServerAction(saveSegmentFields);
  const dirty = choice.clientType !== initial.clientType || choice.groups !== initial.groups;
  const name = PROVIDER_WORDS[provider].name;
  const copy = PROVIDER_COPY[provider];

  const box = (key: keyof Choice, label: string, detail: string) => (
    <label className="flex items-start gap-2">
      <input
        type="checkbox"
        className="mt-1"
        checked={choice[key]}
        disabled={!canManage || pending}
        onChange={(e) => {
          setSaved(null);
          setChoice({ ...choice, [key]: e.target.checked });
        }}
      />
      <span>
        <span className="font-medium">{label}</span>
        <span className="block text-slate-500">{detail}</span>
      </span>
    </label>
  );

  return (
    <div
      className="mt-6 rounded-lg border border-slate-200 bg-white px-5 py-4"
      data-testid="integration-segment-fields"
    >
      <h2 className="text-lg font-medium">What is sent</h2>
      <p className="mt-1 max-w-3xl text-sm text-slate-700">
        Name, Email and City are always sent. You can also send each synced client&apos;s client type and groups, so
        that you can build segments in {name} (for example, only your members, or only the Seniors group). This does not
        change who is synced: still only clients subscribed to news and updates.
      </p>
      <fieldset className="mt-3 space-y-2 text-sm" disabled={!canManage}>
        <legend className="sr-only">Also send</legend>
        {box("clientType", "Client type", copy.clientTypeDetail)}
        {box("groups", "Groups", copy.groupsDetail)}
      </fieldset>
      <p className="mt-2 max-w-3xl text-xs text-slate-500">{copy.segmentsNote}</p>
      <Message tone="warning" boxed className="mt-3">
        {problem}
      </Message>
      {canManage ? (
        <div className="mt-3 flex items-center gap-3">
          <Button
            disabled={!dirty || pending}
            onClick={async () => {
              const result = await execute({ provider, ...choice });
              if (result.ok) setSaved(result.data.changed ? `Saved. ${name} is being updated.` : "Saved.");
            }}
          >
            Save
          </Button>
          {error && (
            <span role="alert" className="text-sm text-red-700">
              {error}
            </span>
          )}
          {saved && (
            <span role="status" className="text-sm text-slate-600">
              {saved}
            </span>
          )}
        </div>
      ) : (
        <p className="mt-3 text-sm text-slate-500">Only the business owner can change what is sent.</p>
      )}
    </div>
  );
}
