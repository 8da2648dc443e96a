"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { Provider } from "@/lib/generated/prisma/enums";
import { retryFailed, syncNow } from "@/lib/server-actions/integrations";
import { Button } from "@/components/ui/button";
import { useServerAction } from "@/components/ui/use-server-action";
import type { ActionResult } from "@/lib/actions/action-client";

/**
 * What Retry retries: the newest run that failed or was interrupted (a new Sync now, with the same checks: a run in
 * progress, a paused quota), or failed clients, all of them or one.
 */
export type RetryTarget = "run" | "failed-clients" | { clientId: string };

/** Retries, and says what it started (null when the page shows it). */
async function retry({
  provider,
  target,
}: {
  provider: Provider;
  target: RetryTarget;
}): Promise<ActionResult<string | null>> {
  if (target === "run") return syncNow({ provider });
  const result = await retryFailed(
    target === "failed-clients" ? { provider } : { provider, clientId: target.clientId },
  );
  return result.ok ? { ok: true, data: `Retrying ${result.data.retried}.` } : result;
}

/** The one Retry button: small, beside what failed, with its error or what it started next to it. */
export function RetryButton({
  provider,
  label = "Retry",
  target,
}: {
  provider: Provider;
  label?: string;
  target: RetryTarget;
}) {
  const router = useRouter();
  const { execute, pending, error } = useServerAction(retry);
  const [started, setStarted] = useState<string | null>(null);
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <Button
        variant="secondary"
        className="px-2 py-1 text-xs"
        disabled={pending}
        onClick={async () => {
          setStarted(null);
          const result = await execute({ provider, target });
          if (!result.ok) return;
          setStarted(result.data);
          // A new run shows in the status panel and the history once the page is read again.
          if (target === "run") router.refresh();
        }}
      >
        {label}
      </Button>
      {error && (
        <span role="alert" className="text-xs text-red-700">
          {error}
        </span>
      )}
      {started && (
        <span role="status" className="text-xs text-slate-600">
          {started}
        </span>
      )}
    </span>
  );
}
