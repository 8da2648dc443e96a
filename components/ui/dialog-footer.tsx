import type { ReactNode } from "react";
import { Button } from "./button";
import { Message } from "./message";

/**
 * The end of a dialog that runs an action: the action's error, then Cancel (disabled while it runs) and the
 * dialog's own button (`children`).
 */
export function DialogFooter({
  error,
  busy,
  onCancel,
  children,
}: {
  error: string | null | undefined;
  busy: boolean;
  onCancel: () => void;
  children: ReactNode;
}) {
  return (
    <>
      <Message tone="error" boxed className="mt-3">
        {error}
      </Message>
      <div className="mt-6 flex justify-end gap-2">
        <Button variant="secondary" onClick={onCancel} disabled={busy}>
          Cancel
        </Button>
        {children}
      </div>
    </>
  );
}
