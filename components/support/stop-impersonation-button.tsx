"use client";

import { Button } from "@/components/ui/button";
import { useServerAction } from "@/components/ui/use-server-action";
import type { ActionResult } from "@/lib/actions/action-client";

/** Stop: the action ends the impersonation and redirects to the support console. */
export function StopImpersonationButton({
  stop,
}: {
  stop: (input: Record<string, never>) => Promise<ActionResult<never>>;
}) {
  const { execute, pending, error } = useServerAction(stop);
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
