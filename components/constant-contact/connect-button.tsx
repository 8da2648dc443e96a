"use client";

import { Button } from "@/components/ui/button";
import { useServerAction } from "@/components/ui/use-server-action";
import { Message } from "@/components/ui/message";
import { connectBusiness } from "@/lib/server-actions/constant-contact";

/** Connect Business / Reconnect: the server makes a single-use state, then the browser goes to CC's login page. */
export function ConnectButton({ label }: { label: "Connect Business" | "Reconnect" }) {
  const { execute, pending, error } = useServerAction(connectBusiness);
  return (
    <div className="flex flex-col items-start gap-2">
      <Button
        disabled={pending}
        onClick={async () => {
          const result = await execute({});
          if (result.ok) window.location.assign(result.data.authorizeUrl);
        }}
      >
        {pending ? "Opening Constant Contact…" : label}
      </Button>
      <Message tone="error">{error}</Message>
    </div>
  );
}
