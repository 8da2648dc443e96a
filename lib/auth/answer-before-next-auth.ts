import { routeErrorResponse } from "../http/route-error-response";
import { sessionCookieName, usesSecureCookies } from "./options";
import { sessionClaims } from "./session";
import { sessionUserFor } from "./session-user";

/**
 * What next-auth's route handler would answer with a 500, or answer wrongly, answered before it runs (null: let
 * next-auth answer):
 * - a malformed JSON body: next-auth parses JSON bodies without catching (400);
 * - the credentials callback by anything but POST: next-auth answers it with a 500 (405);
 * - the session of a cookie whose session has ended: next-auth checks only the signature and expiry, and would
 *   even extend it. Answered as "no session", and the cookie is cleared.
 */
export async function answerBeforeNextAuth(request: Request, segments: readonly string[]): Promise<Response | null> {
  const [action, providerId] = segments;
  if (request.method === "POST" && request.headers.get("content-type")?.includes("application/json")) {
    const parsed = await request
      .clone()
      .json()
      .then(
        () => true,
        () => false,
      );
    if (!parsed) return Response.json({ error: "The request body is not valid JSON." }, { status: 400 });
  }
  if (action === "callback" && providerId === "credentials" && request.method !== "POST") {
    return Response.json({ error: "Sign in with POST." }, { status: 405, headers: { allow: "POST" } });
  }
  if (action === "session") {
    try {
      const claims = await sessionClaims();
      if (claims && !(await sessionUserFor(claims))) return endedSession();
    } catch (error) {
      return routeErrorResponse(error);
    }
  }
  return null;
}

function endedSession(): Response {
  const secure = usesSecureCookies();
  const clear = `${sessionCookieName()}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
  return Response.json({}, { headers: { "cache-control": "private, no-cache, no-store", "set-cookie": clear } });
}
