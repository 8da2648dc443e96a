"use client";

import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { useServerAction } from "@/components/ui/use-server-action";
import { syncNow } from "@/actions/constant-contact";

/** Retry of a failed or interrupted run: a new Sync now (the same checks: a run in progress, a paused quota). */
export function RetryRunButton() {
  const router = useRouter();
  const { execute, pending, error } = useServerAction(syncNow);
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <Button
        variant="secondary"
        className="px-2 py-1 text-xs"
        disabled={pending}
        onClick={async () => {
          const result = await execute({});
          if (result.ok) router.refresh();
        }}
      >
        Retry
      </Button>
      {error && (
        <span role="alert" className="text-xs text-red-700">
          {error}
        </span>
      )}
    </span>
  );
}
