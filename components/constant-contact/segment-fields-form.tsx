"use client";

// What is sent to Constant Contact besides Name, Email and City: the owner turns Client type and Groups on or off
// (for segments there); everyone else sees the choice read-only. The words say exactly what leaves the platform.
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useServerAction } from "@/components/ui/use-server-action";
import { Message } from "@/components/ui/message";
import { saveSegmentFields } from "@/lib/server-actions/constant-contact";

type Choice = { clientType: boolean; groups: boolean };

export function SegmentFieldsForm({
  initial,
  canManage,
  problem,
}: {
  initial: Choice;
  canManage: boolean;
  problem: string | null;
}) {
  const [choice, setChoice] = useState<Choice>(initial);
  const [saved, setSaved] = useState<string | null>(null);
  const { execute, pending, error } = useServerAction(saveSegmentFields);
  const dirty = choice.clientType !== initial.clientType || choice.groups !== initial.groups;

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
    <div className="mt-6 rounded-lg border border-slate-200 bg-white px-5 py-4" data-testid="cc-segment-fields">
      <h2 className="text-lg font-medium">What is sent</h2>
      <p className="mt-1 max-w-3xl text-sm text-slate-700">
        Name, Email and City are always sent. You can also send each synced client&apos;s client type and groups, so
        that you can build segments in Constant Contact (for example, only your members, or only the Seniors group).
        This does not change who is synced: still only clients subscribed to news and updates.
      </p>
      <fieldset className="mt-3 space-y-2 text-sm" disabled={!canManage}>
        <legend className="sr-only">Also send</legend>
        {box(
          "clientType",
          "Client type",
          'Sent as the Constant Contact custom field "Client type", for example "Member".',
        )}
        {box(
          "groups",
          "Groups",
          'Sent as the custom field "Client groups": the client\'s group names, separated by commas.',
        )}
      </fieldset>
      <p className="mt-2 max-w-3xl text-xs text-slate-500">
        Turning one on sends it for every synced client; turning it off clears it in Constant Contact. Contacts&apos;
        other custom fields and tags are never touched.
      </p>
      <Message tone="warning" boxed className="mt-3">
        {problem}
      </Message>
      {canManage ? (
        <div className="mt-3 flex items-center gap-3">
          <Button
            disabled={!dirty || pending}
            onClick={async () => {
              const result = await execute(choice);
              if (result.ok) setSaved(result.data.changed ? "Saved. Constant Contact is being updated." : "Saved.");
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
