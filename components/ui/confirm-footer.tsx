"use client";

// The end of a confirmation dialog: the failed action's message, then Cancel and the confirming (danger) button,
// both disabled while the action runs.
import { Button } from "./button";
import { Message } from "./message";

export function ConfirmFooter({
  error,
  pending,
  onCancel,
  onConfirm,
  confirmLabel,
  pendingLabel,
}: {
  error: string | null | undefined;
  pending: boolean;
  onCancel: () => void;
  onConfirm: () => void | Promise<void>;
  confirmLabel: string;
  pendingLabel: string;
}) {
  return (
    <>
      <Message tone="error" boxed className="mt-3">
        {error}
      </Message>
      <div className="mt-6 flex justify-end gap-2">
        <Button variant="secondary" onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
        <Button variant="danger" disabled={pending} onClick={onConfirm}>
          {pending ? pendingLabel : confirmLabel}
        </Button>
      </div>
    </>
  );
}
