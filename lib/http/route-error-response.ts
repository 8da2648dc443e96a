import { ForbiddenError, NotAuthenticatedError, NotFoundError } from "../errors";
import { isDatabaseUnavailable } from "../db/database-unavailable";

/**
 * The answer of a route handler that failed: signed out 401; not a member, not allowed or not found 404 (another
 * business's records are "not found"); the database out of reach 503 with a retryable message. Anything else is
 * rethrown: a bug is a logged 500, never disguised as "not found".
 */
export function routeErrorResponse(error: unknown): Response {
  const noStore = { "cache-control": "no-store" };
  if (error instanceof NotAuthenticatedError)
    return Response.json({ error: error.message }, { status: 401, headers: noStore });
  if (error instanceof ForbiddenError || error instanceof NotFoundError) {
    return Response.json({ error: "Not found." }, { status: 404, headers: noStore });
  }
  if (isDatabaseUnavailable(error)) {
    console.error(`Database unavailable: ${(error as Error).message.split("\n").at(-1)?.trim()}`);
    return Response.json(
      { error: "This is unavailable right now. Please try again in a moment." },
      { status: 503, headers: { ...noStore, "retry-after": "10" } },
    );
  }
  throw error;
}
