"use client";

import { useState, type ReactNode } from "react";
import type { ActionResult } from "@/lib/actions/action-client";
import { Button } from "./button";
import { DialogFooter } from "./dialog-footer";
import { ModalDialog } from "./modal-dialog";
import { useServerAction } from "./use-server-action";

/**
 * An action that asks first. `opener` renders the button that opens the dialog (it is given `open`); the dialog
 * says what will happen (`children`), Cancel changes nothing, the confirming (danger) button runs `action`. A
 * failure shows in the dialog, which stays open; success closes it and hands the result to `onDone`.
 */
export function ConfirmDialog<T>({
  opener,
  title,
  className,
  confirmLabel,
  pendingLabel,
  action,
  onDone,
  children,
}: {
  opener: (open: () => void) => ReactNode;
  title: string;
  /** The dialog's width. */
  className?: string;
  confirmLabel: string;
  pendingLabel: string;
  action: () => Promise<ActionResult<T>>;
  onDone: (data: T) => void;
  children: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const { execute, pending, error, reset } = useServerAction(action);

  return (
    <>
      {opener(() => {
        reset();
        setOpen(true);
      })}
      <ModalDialog open={open} onClose={() => setOpen(false)} title={title} className={className}>
        {children}
        <DialogFooter error={error} busy={pending} onCancel={() => setOpen(false)}>
          <Button
            variant="danger"
            disabled={pending}
            onClick={async () => {
              const result = await execute(undefined);
              if (!result.ok) return;
              setOpen(false);
              onDone(result.data);
            }}
          >
            {pending ? pendingLabel : confirmLabel}
          </Button>
        </DialogFooter>
      </ModalDialog>
    </>
  );
}
