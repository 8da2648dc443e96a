"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/auth/define-action";

/** Stop: the action ends the impersonation and redirects to the support console. */
export function StopImpersonationButton({ stop }: { stop: (input: Record<string, never>) => Promise<ActionResult<never>> }) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <Button
        variant="secondary"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const result = await stop({});
            if (!result.ok) setError(result.error);
          })
        }
        className="px-3 py-1"
      >
        {pending ? "Stopping…" : "Stop"}
      </Button>
      {error && <span role="alert" className="text-red-800">{error}</span>}
    </>
  );
}
