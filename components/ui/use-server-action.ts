// The one way a component calls a server action: pending while it runs, the error (and per-field errors) of the
// last call, and a request that never reached the server (offline, server restarting) turned into an error like any
// other, so no call site can forget it. Runs in a transition, as Next expects of actions that revalidate.
import { unstable_rethrow } from "next/navigation";
import { useCallback, useState, useTransition } from "react";
import type { ActionResult } from "@/lib/actions/action-client";

const UNREACHABLE_MESSAGE = "Could not reach the server. Please try again.";

export function useServerAction<I, T>(action: (input: I) => Promise<ActionResult<T>>) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  /**
   * Calls the action and resolves with its result (never rejects). When the action redirects, Next navigates and
   * the promise never settles: the page is leaving.
   */
  const execute = useCallback(
    (input: I) =>
      new Promise<ActionResult<T>>((resolve) => {
        setError(null);
        startTransition(async () => {
          const result = await reach(action, input);
          setError(result.ok ? null : result.error);
          setFieldErrors(result.ok ? {} : (result.fieldErrors ?? {}));
          resolve(result);
        });
      }),
    [action],
  );

  const reset = useCallback(() => {
    setError(null);
    setFieldErrors({});
  }, []);

  return { execute, pending, error, fieldErrors, reset };
}

async function reach<I, T>(action: (input: I) => Promise<ActionResult<T>>, input: I): Promise<ActionResult<T>> {
  try {
    return await action(input);
  } catch (error) {
    unstable_rethrow(error); // a redirect()/notFound() from the action is Next's to handle
    return { ok: false, error: UNREACHABLE_MESSAGE };
  }
}
