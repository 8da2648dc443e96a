// One request, start to finish: settle due activities, count the call, inject faults, route, and turn every
// outcome (including thrown errors) into a response in the shape of the area it belongs to.
import type { IncomingMessage, ServerResponse } from "node:http";
import { ZodError } from "zod";
import { settleActivities } from "./activities/settle";
import type { Sandbox } from "./context";
import { HttpError, sendReply, type Reply, type Router } from "../http";
import { oauthErrorPage } from "./pages/oauth-pages";
import { quotaExceeded, throttled } from "./v3/api-route";
import { ccError } from "./v3/errors";
import { oauthError } from "./oauth/oauth-errors";

type Area = "v3" | "oauth" | "control" | "page";

function areaOf(path: string): Area {
  if (path === "/v3" || path.startsWith("/v3/")) return "v3";
  if (path.startsWith("/oauth2/")) return "oauth";
  if (path.startsWith("/__control")) return "control";
  return "page";
}

export async function dispatch(
  sandbox: Sandbox,
  router: Router,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const started = Date.now();
  const method = (req.method ?? "GET").toUpperCase();
  const url = new URL(req.url ?? "/", "http://sandbox.local");
  const path = url.pathname;
  const area = areaOf(path);
  let reply: Reply;
  try {
    settleActivities(sandbox.state);
    const match = router.match(method, path);
    if (area === "v3" || area === "oauth") {
      sandbox.calls.record(method, match.kind === "found" ? match.route.pattern : path, sandbox.now());
      const fault = sandbox.faults.take(method, path);
      if (fault?.kind === "drop") {
        req.socket.destroy(); // the client sees a reset connection, no response at all
        return;
      }
      if (fault?.kind === "delay") await new Promise((resolve) => setTimeout(resolve, fault.delayMs ?? 5000));
      else if (fault) throw faultError(area, fault.kind);
    }
    if (match.kind === "none") throw notFoundError(area);
    if (match.kind === "wrong_method")
      throw errorFor(area, 405, "method_not_allowed", "The requested resource does not support the method used.");
    reply = await match.route.handler({ req, method, url, params: match.params });
  } catch (error) {
    reply = errorReply(area, error);
  }
  sendReply(res, reply);
  if (sandbox.config.logRequests)
    console.log(`[sandbox] ${method} ${path} → ${reply.status} (${Date.now() - started} ms)`);
}

function faultError(area: Area, kind: string): HttpError {
  if (kind === "throttled")
    return area === "v3"
      ? throttled()
      : oauthError(429, "rate_limit_exceeded", "API call exceeded rate limit due to too many requests.");
  if (kind === "quota_exceeded")
    return area === "v3"
      ? quotaExceeded()
      : oauthError(429, "rate_limit_exceeded", "API call exceeded rate limit due to too many requests.");
  if (kind === "503")
    return errorFor(area, 503, "service_unavailable", "Our internal service is temporarily unavailable.");
  return errorFor(area, 500, "server_error", "There was a problem with our internal service.");
}

function errorFor(area: Area, status: number, key: string, message: string): HttpError {
  if (area === "v3") return ccError(status, key, message);
  if (area === "oauth") return oauthError(status, key, message);
  return new HttpError(status, { error: message });
}

function notFoundError(area: Area): HttpError {
  return area === "v3"
    ? ccError(404, "not_found", "The requested resource was not found.")
    : errorFor(area, 404, "not_found", "Not found.");
}

function errorReply(area: Area, error: unknown): Reply {
  if (error instanceof HttpError) {
    if (area === "page")
      return {
        status: error.status,
        html: oauthErrorPage(error.status === 404 ? "Not found" : "Error", `HTTP ${error.status}`),
      };
    return { status: error.status, json: error.body, headers: error.headers };
  }
  if (error instanceof ZodError)
    return errorReplyFrom(
      errorFor(area, 400, "invalid_request", error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")),
    );
  console.error("[sandbox] unexpected error:", error);
  return errorReplyFrom(errorFor(area, 500, "server_error", "There was a problem with our internal service."));
}

function errorReplyFrom(error: HttpError): Reply {
  return { status: error.status, json: error.body, headers: error.headers };
}
