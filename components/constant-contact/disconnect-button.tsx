"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConfirmFooter } from "@/components/ui/confirm-footer";
import { ModalDialog } from "@/components/ui/modal-dialog";
import { useServerAction } from "@/components/ui/use-server-action";
import { disconnectBusiness } from "@/actions/constant-contact";

/** The X to the right of the business name, and its confirmation popup (OK disconnects, Cancel changes nothing). */
export function DisconnectButton({ businessName, pagePath }: { businessName: string; pagePath: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const { execute, pending, error, reset } = useServerAction(disconnectBusiness);

  return (
    <>
      <button
        type="button"
        aria-haspopup="dialog"
        aria-label={`Disconnect ${businessName}`}
        title="Disconnect"
        onClick={() => {
          reset();
          setOpen(true);
        }}
        className="rounded-md p-1.5 text-lg leading-none text-slate-500 hover:bg-red-50 hover:text-red-700 focus-visible:outline-2 focus-visible:outline-brand"
      >
        <span aria-hidden="true">✕</span>
      </button>
      <ModalDialog
        open={open}
        onClose={() => setOpen(false)}
        title="Disconnect Constant Contact?"
        className="w-[28rem]"
      >
        <p className="mt-3 text-sm text-slate-700">
          {businessName} will stop syncing clients to Constant Contact. Contacts already in Constant Contact stay there,
          and the sync history is kept. You can connect again at any time.
        </p>
        <ConfirmFooter
          error={error}
          pending={pending}
          onCancel={() => setOpen(false)}
          onConfirm={async () => {
            const result = await execute({});
            if (!result.ok) return;
            setOpen(false);
            router.replace(pagePath);
            router.refresh();
          }}
          confirmLabel="OK"
          pendingLabel="Disconnecting…"
        />
      </ModalDialog>
    </>
  );
}
