"use client";

import { Button } from "@/components/ui/button";
import { useServerAction } from "@/components/ui/use-server-action";
import { stopImpersonating } from "@/lib/server-actions/impersonation";

/** Stop: the action ends the impersonation and redirects to the support console. */
export function StopImpersonationButton() {
  const { execute, pending, error } = useServerAction(stopImpersonating);
  return (
    <>
      <Button variant="secondary" disabled={pending} onClick={() => void execute({})} className="px-3 py-1">
        {pending ? "Stopping…" : "Stop"}
      </Button>
      {error && (
        <span role="alert" className="text-red-800">
          {error}
        </span>
      )}
    </>
  );
}
