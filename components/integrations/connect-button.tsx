"use client";

import { Button } from "@/components/ui/button";
import { useServerAction } from "@/components/ui/use-server-action";
import { Message } from "@/components/ui/message";
import type { Provider } from "@/lib/generated/prisma/enums";
import { PROVIDER_WORDS } from "@/lib/provider-words";
import { connectBusiness } from "@/lib/server-actions/integrations";

/** Connect Business / Reconnect: the server makes a single-use state, then the browser goes to the provider's login. */
export function ConnectButton({ provider, label }: { provider: Provider; label: "Connect Business" | "Reconnect" }) {
  const { execute, pending, error } = useServerAction(connectBusiness);
  return (
    <div className="flex flex-col items-start gap-2">
      <Button
        disabled={pending}
        onClick={async () => {
          const result = await execute({ provider });
          if (result.ok) window.location.assign(result.data.authorizeUrl);
        }}
      >
        {pending ? `Opening ${PROVIDER_WORDS[provider].name}…` : label}
      </Button>
      <Message tone="error">{error}</Message>
    </div>
  );
}
