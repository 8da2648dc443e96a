"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/auth/define-action";

/** Connect Business / Reconnect: the server makes a single-use state, then the browser goes to CC's login page. */
export function ConnectButton({
  label,
  connect,
}: {
  label: "Connect Business" | "Reconnect";
  connect: (input: Record<string, never>) => Promise<ActionResult<{ authorizeUrl: string }>>;
}) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="flex flex-col items-start gap-2">
      <Button
        disabled={pending}
        onClick={() =>
          start(async () => {
            setError(null);
            const result = await connect({});
            if (result.ok) window.location.assign(result.data.authorizeUrl);
            else setError(result.error);
          })
        }
      >
        {pending ? "Opening Constant Contact…" : label}
      </Button>
      {error && <p role="alert" className="text-sm text-red-700">{error}</p>}
    </div>
  );
}
