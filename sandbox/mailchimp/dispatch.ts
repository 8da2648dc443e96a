// One request, start to finish. `/3.0`: count the call, faults, credentials (Bearer or Basic), the account's
// 10-connection limit, then the API (api/execute.ts) with problem+json errors and an X-Request-Id on every answer;
// webhook deliveries it caused start once the answer is out. `/oauth2`: counted and faultable too, OAuth's JSON
// errors. `/__control`, `/batch-results` and pages are never counted, limited or faulted.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { ZodError } from "zod";
import { HttpError, readBody, sendReply, type Reply, type Router } from "../http";
import type { ApiHandler } from "./api/context";
import { executeApi, problemReply } from "./api/execute";
import type { BatchRunner } from "./batches/batches";
import type { McFaultKind, McSandbox } from "./context";
import type { Fault } from "../faults";
import { accountOfToken } from "./oauth/oauth";
import { errorPage } from "./pages/oauth-pages";
import {
  apiKeyInvalid,
  apiKeyMissing,
  badRequest,
  internalError,
  serviceUnavailable,
  tooManyRequests,
} from "./problem";
import type { AccountStore } from "./state";

/** Mailchimp does not document a body limit; this keeps a runaway client from filling memory. */
const API_BODY_LIMIT = 50 * 1024 * 1024;

export interface Routers {
  outer: Router;
  api: Router<ApiHandler>;
  batches: BatchRunner;
}

export async function dispatch(sandbox: McSandbox, routers: Routers, req: IncomingMessage, res: ServerResponse) {
  const started = Date.now();
  const method = (req.method ?? "GET").toUpperCase();
  const url = new URL(req.url ?? "/", "http://sandbox.local");
  const path = url.pathname;
  await routers.batches.settle();
  let status: number;
  if (path === "/3.0" || path.startsWith("/3.0/")) status = await dispatchApi(sandbox, routers, req, res, method, url);
  else status = await dispatchOther(sandbox, routers, req, res, method, url);
  if (sandbox.config.logRequests)
    console.log(`[mailchimp sandbox] ${method} ${path} → ${status} (${Date.now() - started} ms)`);
}

/** Credentials: `Bearer <token>`, or Basic with the token as password (any user name, as API keys use). */
function credentials(sandbox: McSandbox, req: IncomingMessage): { store?: AccountStore; missing: boolean } {
  const header = req.headers.authorization ?? "";
  let token: string | undefined;
  const bearer = /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(header);
  const basic = /^Basic\s+(\S+)$/i.exec(header);
  if (bearer?.[1]) token = bearer[1];
  else if (basic?.[1]) {
    const decoded = Buffer.from(basic[1], "base64").toString("utf8");
    token = decoded.slice(decoded.indexOf(":") + 1);
  }
  if (!token) return { missing: true };
  return { store: accountOfToken(sandbox, token), missing: false };
}

async function dispatchApi(
  sandbox: McSandbox,
  routers: Routers,
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  url: URL,
): Promise<number> {
  const requestId = randomUUID();
  const apiPath = url.pathname.slice("/3.0".length) || "/";
  const match = routers.api.match(method, apiPath);
  const { store, missing } = credentials(sandbox, req);
  sandbox.calls.record(
    method,
    match.kind === "found" ? `/3.0${match.route.pattern === "/" ? "/" : match.route.pattern}` : url.pathname,
    sandbox.now(),
    store?.account.email ?? null,
  );
  const refuse = (error: HttpError): number => {
    const reply = problemReply(sandbox, error, requestId);
    sendReply(res, reply);
    return reply.status;
  };
  const fault = sandbox.faults.take(method, url.pathname);
  if (fault?.kind === "drop") {
    req.socket.destroy(); // the client sees a reset connection, no answer at all
    return 0;
  }
  if (fault?.kind === "403") {
    // Mailchimp's edge at very high volume: a 403 with no JSON body at all.
    res.writeHead(403, { "content-length": "0" }).end();
    return 403;
  }
  if (fault && fault.kind !== "delay") return refuse(faultError(fault));
  if (!store) return refuse(missing ? apiKeyMissing() : apiKeyInvalid());
  const release = sandbox.connections.acquire(store.account.email, sandbox.config.maxConnections);
  if (!release) return refuse(tooManyRequests());
  res.once("close", release);
  try {
    if (fault?.kind === "delay") await sleep(fault.delayMs ?? 5_000);
    let bodyText: Promise<string | undefined> | null = null;
    const outcome = await executeApi(sandbox, routers.api, {
      method,
      path: apiPath,
      query: url.searchParams,
      requestId,
      store,
      source: "api",
      internal: false,
      readBody: () =>
        (bodyText ??= readBody(req, API_BODY_LIMIT).then((body) => {
          if (body.totalBytes > API_BODY_LIMIT) throw badRequest("The request body is too large.");
          return body.buffer.toString("utf8");
        })),
    });
    sendReply(res, outcome.reply);
    for (const task of outcome.afterResponse) task();
    return outcome.reply.status;
  } finally {
    if (res.writableEnded || res.destroyed) release();
  }
}

function faultError(fault: Fault<McFaultKind>): HttpError {
  if (fault.kind === "429") return tooManyRequests();
  if (fault.kind === "503") return serviceUnavailable();
  return internalError();
}

async function dispatchOther(
  sandbox: McSandbox,
  routers: Routers,
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  url: URL,
): Promise<number> {
  const path = url.pathname;
  const oauth = path.startsWith("/oauth2/");
  const control = path.startsWith("/__control");
  const match = routers.outer.match(method, path);
  let reply: Reply;
  try {
    if (oauth) {
      const token = /^OAuth\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1];
      const account = token ? accountOfToken(sandbox, token)?.account.email : undefined;
      sandbox.calls.record(method, match.kind === "found" ? match.route.pattern : path, sandbox.now(), account ?? null);
      const fault = sandbox.faults.take(method, path);
      if (fault?.kind === "drop") {
        req.socket.destroy();
        return 0;
      }
      if (fault?.kind === "403") {
        res.writeHead(403, { "content-length": "0" }).end();
        return 403;
      }
      if (fault?.kind === "delay") await sleep(fault.delayMs ?? 5_000);
      else if (fault?.kind === "429") throw new HttpError(429, { error: "too_many_requests" });
      else if (fault) throw new HttpError(Number(fault.kind), { error: "server_error" });
    }
    if (match.kind === "none") throw new HttpError(404, { error: "not_found" });
    if (match.kind === "wrong_method")
      throw new HttpError(405, { error: "method_not_allowed" }, { allow: match.allowed.join(", ") });
    reply = await match.route.handler({ req, method, url, params: match.params });
  } catch (error) {
    reply = otherError(error, oauth || control);
  }
  sendReply(res, reply);
  return reply.status;
}

function otherError(error: unknown, jsonArea: boolean): Reply {
  if (error instanceof ZodError)
    return {
      status: 400,
      json: {
        error: "invalid body",
        issues: error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
      },
    };
  if (!(error instanceof HttpError)) {
    console.error("[mailchimp sandbox] unexpected error:", error);
    return jsonArea
      ? { status: 500, json: { error: "server_error" } }
      : { status: 500, html: errorPage("Error", "HTTP 500") };
  }
  if (jsonArea) return { status: error.status, json: error.body, headers: error.headers };
  return {
    status: error.status,
    html: errorPage(error.status === 404 ? "Not found" : "Error", `HTTP ${error.status}`),
  };
}
