"use client";

import { useRouter } from "next/navigation";
import type { Provider } from "@/lib/generated/prisma/enums";
import { PROVIDER_WORDS } from "@/lib/provider-words";
import { disconnectBusiness } from "@/lib/server-actions/integrations";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";

/** The X to the right of the business name, and its confirmation popup (OK disconnects, Cancel changes nothing). */
export function DisconnectButton({ provider, businessName }: { provider: Provider; businessName: string }) {
  const router = useRouter();
  const { name, path } = PROVIDER_WORDS[provider];
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
      title={`Disconnect ${name}?`}
      className="w-[28rem]"
      confirmLabel="OK"
      pendingLabel="Disconnecting…"
      action={() => disconnectBusiness({ provider })}
      onDone={() => {
        router.replace(path);
        router.refresh();
      }}
    >
      <p className="mt-3 text-sm text-slate-700">
        {businessName} will stop syncing clients to {name}. Contacts already in {name} stay there, and the sync history
        is kept. You can connect again at any time.
      </p>
    </ConfirmDialog>
  );
}
