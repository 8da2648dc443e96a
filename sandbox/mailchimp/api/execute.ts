// Runs one API call against the account's data: route, handler, `fields` / `exclude_fields`, and every failure as a
// problem document whose `instance` is the request id. HTTP requests (dispatch.ts) and the operations of /batches
// jobs both come through here.
import { ZodError } from "zod";
import { HttpError, type Reply, type Router } from "../../http";
import type { McSandbox } from "../context";
import type { ChangeSource } from "../model";
import {
  internalError,
  invalidResource,
  isProblemBody,
  jsonParseError,
  methodNotAllowed,
  notFound,
  PROBLEM_CONTENT_TYPE,
} from "../problem";
import type { AccountStore } from "../state";
import { schemaErrors } from "./body";
import type { ApiContext, ApiHandler } from "./context";
import { project } from "./format";

export const JSON_CONTENT_TYPE = "application/json; charset=utf-8";

export interface ApiCall {
  method: string;
  /** Below /3.0, e.g. `/lists/a1b2c3d4e5/members`. */
  path: string;
  query: URLSearchParams;
  /** The raw body text (undefined: none). */
  readBody(): Promise<string | undefined>;
  requestId: string;
  store: AccountStore;
  source: ChangeSource;
  /** Runs in a /batches job: no real-time waits. */
  internal: boolean;
}

export interface ApiOutcome {
  reply: Reply;
  /** What must happen once the answer is out (webhook deliveries). */
  afterResponse: (() => void)[];
}

export async function executeApi(sandbox: McSandbox, router: Router<ApiHandler>, call: ApiCall): Promise<ApiOutcome> {
  const afterResponse: (() => void)[] = [];
  const url = new URL(`http://api.local${call.path}`);
  for (const [key, value] of call.query) url.searchParams.append(key, value);
  let reply: Reply;
  try {
    const match = router.match(call.method, url.pathname);
    if (match.kind === "none") throw notFound();
    if (match.kind === "wrong_method") throw methodNotAllowed(match.allowed);
    let parsed: { value: unknown } | null = null;
    const ctx: ApiContext = {
      sandbox,
      store: call.store,
      method: call.method,
      url,
      params: match.params,
      source: call.source,
      internal: call.internal,
      afterResponse: (task) => afterResponse.push(task),
      async body() {
        if (!parsed) {
          const text = (await call.readBody())?.trim();
          if (!text) parsed = { value: undefined };
          else {
            try {
              parsed = { value: JSON.parse(text) as unknown };
            } catch {
              throw jsonParseError();
            }
          }
        }
        return parsed.value;
      },
    };
    reply = await match.route.handler(ctx);
    if (reply.json !== undefined)
      reply = { ...reply, json: project(reply.json, url), jsonContentType: JSON_CONTENT_TYPE };
  } catch (error) {
    afterResponse.length = 0; // a refused request changed nothing and fires nothing
    reply = problemReply(sandbox, error, call.requestId);
  }
  reply = { ...reply, headers: { ...reply.headers, "x-request-id": call.requestId } };
  return { reply, afterResponse };
}

/** Any failure as Mailchimp's problem document. */
export function problemReply(sandbox: McSandbox, error: unknown, requestId: string): Reply {
  let failure: HttpError;
  if (error instanceof HttpError && isProblemBody(error.body)) failure = error;
  else if (error instanceof ZodError) failure = invalidResource(schemaErrors(error));
  else {
    console.error("[mailchimp sandbox] unexpected error:", error);
    failure = internalError();
  }
  return {
    status: failure.status,
    json: { ...(failure.body as object), instance: requestId },
    jsonContentType: PROBLEM_CONTENT_TYPE,
    headers: {
      ...failure.headers,
      "x-request-id": requestId,
      link: `<${sandbox.origin}/schema/3.0/Definitions/ProblemDetailDocument.json>; rel="describedBy"`,
    },
  };
}
