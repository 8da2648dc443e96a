"use client";

import { useRouter } from "next/navigation";
import { disconnectBusiness } from "@/lib/server-actions/constant-contact";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";

/** The X to the right of the business name, and its confirmation popup (OK disconnects, Cancel changes nothing). */
export function DisconnectButton({ businessName, pagePath }: { businessName: string; pagePath: string }) {
  const router = useRouter();
  return (
    <ConfirmDialog
      opener={(open) => (
        <button
          type="button"
          aria-haspopup="dialog"
          aria-label={`Disconnect ${businessName}`}
          title="Disconnect"
          onClick={open}
          className="rounded-md p-1.5 text-lg leading-none text-slate-500 hover:bg-red-50 hover:text-red-700 focus-visible:outline-2 focus-visible:outline-brand"
        >
          <span aria-hidden="true">✕</span>
        </button>
      )}
      title="Disconnect Constant Contact?"
      className="w-[28rem]"
      confirmLabel="OK"
      pendingLabel="Disconnecting…"
      action={() => disconnectBusiness({})}
      onDone={() => {
        router.replace(pagePath);
        router.refresh();
      }}
    >
      <p className="mt-3 text-sm text-slate-700">
        {businessName} will stop syncing clients to Constant Contact. Contacts already in Constant Contact stay there,
        and the sync history is kept. You can connect again at any time.
      </p>
    </ConfirmDialog>
  );
}
