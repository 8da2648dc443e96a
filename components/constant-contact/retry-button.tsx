"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/auth/define-action";

export function RetryButton({ label, clientId, retry }: { label: string; clientId?: string; retry: (input: { clientId?: string }) => Promise<ActionResult<{ retried: number }>> }) {
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  return (
    <span className="inline-flex items-center gap-2">
      <Button variant="secondary" className="px-2 py-1 text-xs" disabled={pending} onClick={() => start(async () => {
        const result = await retry(clientId ? { clientId } : {});
        setMessage(result.ok ? `Retrying ${result.data.retried}.` : result.error);
      })}>
        {label}
      </Button>
      {message && <span role="status" className="text-xs text-slate-600">{message}</span>}
    </span>
  );
}
