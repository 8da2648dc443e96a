"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useServerAction } from "@/components/ui/use-server-action";
import { retryFailed } from "@/actions/constant-contact";

export function RetryButton({ label, clientId }: { label: string; clientId?: string }) {
  const { execute, pending, error } = useServerAction(retryFailed);
  const [retried, setRetried] = useState<number | null>(null);
  return (
    <span className="inline-flex items-center gap-2">
      <Button
        variant="secondary"
        className="px-2 py-1 text-xs"
        disabled={pending}
        onClick={async () => {
          setRetried(null);
          const result = await execute(clientId ? { clientId } : {});
          if (result.ok) setRetried(result.data.retried);
        }}
      >
        {label}
      </Button>
      {error && (
        <span role="alert" className="text-xs text-red-700">
          {error}
        </span>
      )}
      {retried !== null && (
        <span role="status" className="text-xs text-slate-600">
          Retrying {retried}.
        </span>
      )}
    </span>
  );
}
