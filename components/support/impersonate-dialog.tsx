"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { formSubmit } from "@/components/ui/form-submit";
import { ModalDialog } from "@/components/ui/modal-dialog";
import { TextAreaField } from "@/components/ui/textarea-field";
import { useServerAction } from "@/components/ui/use-server-action";
import { startImpersonating } from "@/lib/server-actions/impersonation";

/** "Log in as this business": a reason is required; the action starts the impersonation and opens the admin shell. */
export function ImpersonateDialog({ business }: { business: { id: string; name: string } }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  // On success the action redirects into the admin shell; only failures come back.
  const { execute, pending, error: failure, fieldErrors, reset } = useServerAction(startImpersonating);
  const error = fieldErrors.reason ?? failure;

  return (
    <>
      <Button
        variant="primary"
        aria-haspopup="dialog"
        onClick={() => {
          reset();
          setOpen(true);
        }}
        className="px-3 py-1.5"
      >
        Log in as this business
      </Button>
      <ModalDialog open={open} onClose={() => setOpen(false)} title={`Log in as ${business.name}`}>
        <form
          className="mt-3 flex flex-col gap-3"
          onSubmit={formSubmit(pending, () => execute({ businessId: business.id, reason }))}
        >
          <p className="text-sm text-slate-700">
            You will act with the owner&apos;s permissions for up to 60 minutes. The reason and everything you do are
            recorded in {business.name}&apos;s audit log.
          </p>
          <TextAreaField
            label="Reason"
            name="reason"
            required
            minLength={10}
            maxLength={500}
            rows={4}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            hint="10 to 500 characters, e.g. the ticket and what the owner asked for."
            error={error}
            errorRole="alert"
          />
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setOpen(false)} disabled={pending}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending}>
              {pending ? "Logging in…" : "Log in as business"}
            </Button>
          </div>
        </form>
      </ModalDialog>
    </>
  );
}
