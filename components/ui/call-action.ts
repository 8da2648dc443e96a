import type { ActionResult } from "@/lib/auth/define-action";

/**
 * Awaits a server action from a form. Actions never throw for bad input (they return a result), but the request
 * itself can fail (offline, server restarting): that becomes an ordinary error result the form can show.
 */
export async function callAction<T>(pending: Promise<ActionResult<T>>): Promise<ActionResult<T>> {
  try {
    return await pending;
  } catch {
    return { ok: false, error: "Could not reach the server. Please try again." };
  }
}
